/** What the global setup and the project configs hand to the specs through `inject`. */
export type E2eMode = 'js' | 'nojs';

/** The modes a run covers: `E2E_MODES` (`js`, `nojs`, or both comma-separated); both by default. */
export function e2eModes(): E2eMode[] {
  return (process.env.E2E_MODES ?? 'js,nojs').split(',').filter((m): m is E2eMode => m === 'js' || m === 'nojs');
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eMode: E2eMode;
    e2eBaseUrlJs: string;
    e2eBaseUrlNojs: string;
    /** Each server's ROSTER_DATA_DIR: the specs read the mail it writes to `<dir>/mail`. */
    e2eDataDirJs: string;
    e2eDataDirNojs: string;
  }
}
