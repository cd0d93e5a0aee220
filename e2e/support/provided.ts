/** What the global setup and the project configs hand to the specs through `inject`. */
export type E2eMode = 'js' | 'nojs';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eMode: E2eMode;
    e2eBaseUrlJs: string;
    e2eBaseUrlNojs: string;
    /** Each server's ROSTER_DATA_DIR: the specs read the mail it writes to `<dir>/mail`. */
    e2eDataDirJs: string;
    e2eDataDirNojs: string;
    /**
     * Where the specs record the documents they checked for accessibility (support/a11y.ts), so
     * that a later spec skips a document already checked; empty with E2E_AXE_EVERY=1: every spec
     * checks each page it opens.
     */
    e2eAxeRecordDir: string;
  }
}
