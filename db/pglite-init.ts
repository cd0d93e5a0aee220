import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Long enough for a slow disk; a first run that takes longer is opened in-process instead. */
const INIT_TIMEOUT_MS = 120_000;

/**
 * The script of the short-lived process: PGlite creates the cluster when it opens an empty data
 * directory, then closes it. An ES module, so that `@electric-sql/pglite` resolves from the
 * working directory as it does for the server.
 */
const INIT_SCRIPT = `
import { PGlite } from '@electric-sql/pglite';
const db = new PGlite({ dataDir: process.argv[1] });
await db.waitReady;
await db.close();
`;

/**
 * Creates a new PGlite cluster in `pgdata` in a child process, when it holds none yet.
 *
 * Creating a cluster (initdb) grows PGlite's WebAssembly memory to about half a gigabyte, and
 * WebAssembly memory is never given back: a server that created its database itself held about
 * 700 MB for as long as it ran, against about 230 MB for one that opened an existing database.
 * In a child process the memory goes when it exits.
 *
 * The child works in a sibling directory, renamed into place once complete, so a failure leaves
 * nothing half made. Returns whether it made the cluster. When it could not (no `node` to run,
 * the package not found from the working directory, a timeout), the caller opens the directory
 * as before and PGlite creates the cluster in-process: slower to start and heavier, never broken.
 */
export async function initPgliteOutOfProcess(pgdata: string, cwd = process.cwd()): Promise<boolean> {
  if (existsSync(path.join(pgdata, 'PG_VERSION'))) return false;
  // Something else is there (a cluster PGlite knows how to finish): leave it to PGlite.
  if (existsSync(pgdata) && readdirSync(pgdata).length) return false;
  const staging = `${pgdata}.init-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const made = await new Promise<boolean>((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', INIT_SCRIPT, staging], {
      cwd,
      // Not the server's own flags (a heap limit, an inspector port).
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: INIT_TIMEOUT_MS,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4_000) stderr += chunk.toString('utf8');
    });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => {
      const ok = code === 0 && existsSync(path.join(staging, 'PG_VERSION'));
      if (!ok && stderr) process.stderr.write(`PGlite could not be set up in a child process:\n${stderr}\n`);
      resolve(ok);
    });
  });
  if (!made) {
    rmSync(staging, { recursive: true, force: true });
    return false;
  }
  rmSync(pgdata, { recursive: true, force: true });
  renameSync(staging, pgdata);
  return true;
}
