/** What the global setup and the project configs hand to the specs through `inject`. */
export type E2eMode = 'js' | 'nojs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The modes this run covers (`E2E_MODES`, read by vitest.e2e.config.ts): a server is started for each. */
    e2eModes: E2eMode[];
    e2eMode: E2eMode;
    e2eBaseUrlJs: string;
    e2eBaseUrlNojs: string;
    /** Each server's ROSTER_DATA_DIR: the specs read the mail it writes to `<dir>/mail`. */
    e2eDataDirJs: string;
    e2eDataDirNojs: string;
  }
}
