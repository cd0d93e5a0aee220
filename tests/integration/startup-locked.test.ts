import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

import { acquireDataDirLock } from '@/db/lock';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * A server process as `next start` runs it: Next's own registration of instrumentation.ts before
 * it serves, and every request waiting for that registration (a failed one fails them all).
 */
const SERVER = `
const { createRequire } = await import('node:module');
const http = await import('node:http');
const require = createRequire(${JSON.stringify(root + '/')});
const { ensureInstrumentationRegistered } = require('next/dist/server/lib/router-utils/instrumentation-globals.external');
const [dir, distDir] = [process.env.SERVER_DIR, '.'];
const server = http.createServer((req, res) =>
  ensureInstrumentationRegistered(dir, distDir).then(
    () => res.end('ok'),
    () => { res.statusCode = 500; res.end(); },
  ),
);
server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
ensureInstrumentationRegistered(dir, distDir).catch((error) => console.error(error.message));
`;

describe('start-up on a locked embedded database', () => {
  it('stops the server process with an error instead of serving 500s', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'roster-locked-'));
    const serverDir = mkdtempSync(path.join(tmpdir(), 'roster-server-'));
    // Where Next looks for the compiled hook: here the source, loaded through tsx.
    mkdirSync(path.join(serverDir, 'server'));
    writeFileSync(
      path.join(serverDir, 'server', 'instrumentation.js'),
      `module.exports = import(${JSON.stringify(pathToFileURL(path.join(root, 'instrumentation.ts')).href)});\n`,
    );
    const release = acquireDataDirLock(dataDir);
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NEXT_RUNTIME: 'nodejs',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
      };
      env.ROSTER_DATA_DIR = dataDir;
      env.SERVER_DIR = serverDir;
      env.ROSTER_JOBS = 'off';
      delete env.DATABASE_URL;
      const child = spawn(
        process.execPath,
        ['--conditions=react-server', '--import', 'tsx', '--input-type=module', '-e', SERVER],
        {
          cwd: root,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk));
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // Still running after this long means it went on serving.
      const code = await Promise.race([
        exit,
        new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 40_000)),
      ]);
      if (code === 'running') child.kill('SIGKILL');
      expect(code, output).toBe(1);
      expect(output).toMatch(/in use by another process \(pid \d+\)/);
    } finally {
      release();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(serverDir, { recursive: true, force: true });
    }
  });
});
