import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { openPglite } from './index';
import { acquireDataDirLock } from './lock';

function lockFromAnotherProcess(dir: string) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('${path.resolve('db/lock.ts')}').then(m => m.acquireDataDirLock(${JSON.stringify(dir)}))`,
    ],
    { encoding: 'utf8' },
  );
}

describe('embedded database lock', () => {
  it('gives a second process on the same data dir a clear error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'roster-lock-'));
    acquireDataDirLock(dir);
    expect(existsSync(path.join(dir, 'roster.lock'))).toBe(true);
    const child = lockFromAnotherProcess(dir);
    expect(child.status).not.toBe(0);
    expect(child.stderr).toMatch(/in use by another process \(pid \d+\)/);
    // The same process may open it again.
    expect(() => acquireDataDirLock(dir)).not.toThrow();
  });

  it('replaces a lock left behind by a process that is gone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'roster-lock-'));
    writeFileSync(path.join(dir, 'roster.lock'), '999999');
    expect(() => acquireDataDirLock(dir)).not.toThrow();
  });

  it('replaces a lock whose pid now belongs to another program', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'roster-lock-'));
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => other.once('spawn', resolve));
      const file = path.join(dir, 'roster.lock');
      // As an older version wrote it (the bare pid), and as this one writes it.
      for (const content of [String(other.pid), JSON.stringify({ pid: other.pid, started: 'an-earlier-process' })]) {
        writeFileSync(file, content);
        const release = acquireDataDirLock(dir);
        expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
        release();
        expect(existsSync(file)).toBe(false);
      }
    } finally {
      other.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('replaces a lock that an earlier process with this same pid left behind (a restarted container)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'roster-lock-'));
    const file = path.join(dir, 'roster.lock');
    try {
      writeFileSync(file, String(process.pid));
      const release = acquireDataDirLock(dir);
      expect(readFileSync(file, 'utf8')).not.toBe(String(process.pid));
      release();
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Creating a data dir on disk runs initdb in WebAssembly: tens of seconds on a busy machine.
  it(
    'is released when the database is closed, so another process can open the directory',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'roster-lock-'));
      try {
        const handle = await openPglite(dir);
        expect(lockFromAnotherProcess(dir).status).not.toBe(0);
        await handle.close();
        expect(existsSync(path.join(dir, 'roster.lock'))).toBe(false);
        const child = lockFromAnotherProcess(dir);
        expect(child.stderr).toBe('');
        expect(child.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
