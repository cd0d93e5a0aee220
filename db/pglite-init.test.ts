import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { openPglite } from './index';
import { initPgliteOutOfProcess } from './pglite-init';

const MB = 1024 * 1024;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'roster-pglite-init-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a new embedded database', () => {
  it('is created in a child process, so the server does not keep initdb’s memory', async () => {
    const dataDir = tempDir();
    const before = process.memoryUsage().external;
    const handle = await openPglite(dataDir);
    try {
      expect(await handle.executeSql('select 41 + 1 as answer')).toMatchObject({ rows: [{ answer: 42 }] });
      // Opening an existing cluster maps PGlite's 128 MB of WebAssembly memory; creating one in
      // this process grew it to over 500 MB, for good.
      expect((process.memoryUsage().external - before) / MB).toBeLessThan(250);
    } finally {
      await handle.close();
    }
    expect(existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    // Nothing of the child's staging directory is left.
    expect(readdirSync(dataDir).filter((name) => name.startsWith('pgdata'))).toEqual(['pgdata']);
  });

  it('leaves an existing or unfinished data directory to PGlite', async () => {
    const pgdata = path.join(tempDir(), 'pgdata');
    mkdirSync(pgdata);
    writeFileSync(path.join(pgdata, 'something'), '');
    expect(await initPgliteOutOfProcess(pgdata)).toBe(false);
    expect(readdirSync(pgdata)).toEqual(['something']);
  });

  it('falls back to creating it in-process when the child cannot run, and leaves nothing half made', async () => {
    const root = tempDir();
    const pgdata = path.join(root, 'pgdata');
    // From a directory without node_modules the child cannot load PGlite.
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(await initPgliteOutOfProcess(pgdata, tempDir())).toBe(false);
    } finally {
      process.stderr.write = stderr;
    }
    expect(readdirSync(root)).toEqual([]);
  });
});
