import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

import { serverNodeArgs } from '../../scripts/server-node-args.mjs';
import { listenOidcProvider, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } from './oidc';

import './provided';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const READY_TIMEOUT_MS = 90_000;
export const SUPPORT_URL = 'https://support.example.test/roster';
const LOG_TAIL_CHARS = 8_000;

export type Server = {
  label: string;
  url: string;
  child: ChildProcess;
  dataDir: string;
  /** Set when the suite runs on PostgreSQL: the server's own database, dropped at the end. */
  database: string | null;
  log: () => string;
  stopping: boolean;
  /** Data (directory and database) that outlives the server: a spec restarts a server on it. */
  keepData: boolean;
};

/**
 * `E2E_DATABASE_URL=postgres://…/postgres`: the suite runs on PostgreSQL instead of the embedded
 * database; each server gets a new database on that server (the role needs CREATEDB).
 */
export const adminUrl = process.env.E2E_DATABASE_URL || null;

async function withAdmin<T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl!, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function createDatabase(label: string): Promise<{ name: string; url: string }> {
  const name = `roster_e2e_${label}_${randomBytes(4).toString('hex')}`;
  await withAdmin((sql) => sql.unsafe(`create database "${name}"`));
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** The usual port when it is free, so logs are predictable; otherwise any port the OS hands out. */
async function freePort(preferred: number): Promise<number> {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function serverEnv(
  port: number,
  dataDir: string,
  databaseUrl: string | null,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // The servers use their own database (embedded, or one made for them), never the shell's.
  delete env.DATABASE_URL;
  delete env.E2E_DATABASE_URL;
  if (databaseUrl) {
    env.DATABASE_URL = databaseUrl;
    env.AUTH_SECRET = randomBytes(32).toString('base64url');
  }
  // Vitest's own variables (NODE_ENV=test, BASE_URL, VITEST*) must not change how the app behaves.
  for (const key of Object.keys(env))
    if (key.startsWith('VITEST') || key === 'BASE_URL' || key === 'TEST') delete env[key];
  return {
    ...env,
    NODE_ENV: 'production',
    APP_URL: `http://localhost:${port}`,
    ROSTER_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
    // The instance's service portal: "Tech support" in everyone's menu and on /help.
    SUPPORT_URL: SUPPORT_URL,
    // The specs' mail servers and push service listen on loopback, which Roster otherwise refuses to reach.
    MAIL_INTERNAL_HOSTS: env.MAIL_INTERNAL_HOSTS ?? '127.0.0.1,::1,localhost',
    PUSH_INTERNAL_HOSTS: env.PUSH_INTERNAL_HOSTS ?? '127.0.0.1,::1,localhost',
  };
}

async function waitForHealth(server: Server, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let dead = false;
  void exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`The ${server.label} server exited before it was ready:\n${server.log()}`);
    try {
      const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `The ${server.label} server did not answer /api/health with 200 within ${READY_TIMEOUT_MS / 1000} s:\n${server.log()}`,
  );
}

/**
 * A production server on a fresh data directory (and, on PostgreSQL, a fresh database), or on
 * the `data` a spec gives, which it then keeps when the server stops (to start another on it).
 */
export async function startServer(
  label: string,
  preferredPort: number,
  data?: { dataDir: string; database: { name: string; url: string } | null },
  extraEnv?: Record<string, string>,
): Promise<Server> {
  const port = await freePort(preferredPort);
  const dataDir = data?.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), `roster-e2e-${label}-`)));
  const database = data ? data.database : adminUrl ? await createDatabase(label) : null;
  // Its own process group, so teardown can stop npx, next and every worker with one signal.
  const child = spawn('npx', ['next', 'start', '-p', String(port)], {
    cwd: root,
    // The heap limit `npm start` sets, so the suite runs the server as it is deployed.
    env: {
      ...serverEnv(port, dataDir, database?.url ?? null, extraEnv),
      NODE_OPTIONS: (serverNodeArgs() as string[]).join(' '),
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const server: Server = {
    label,
    url: `http://localhost:${port}`,
    child,
    dataDir,
    database: database?.name ?? null,
    log: () => tail,
    stopping: false,
    keepData: Boolean(data),
  };
  const onData = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    // npx's complaints about the local npm config are noise, not server output.
    const text = chunk.toString().replace(/^npm warn .*\n?/gm, '');
    if (!text) return;
    tail = (tail + text).slice(-LOG_TAIL_CHARS);
    // Warnings and errors only (LOG_LEVEL=warn), so they are worth seeing next to the failing test.
    stream.write(text.replace(/^(?=.)/gm, `[server ${label}] `));
  };
  child.stdout?.on('data', onData(process.stdout));
  child.stderr?.on('data', onData(process.stderr));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    if (!server.stopping)
      console.error(`[server ${label}] exited unexpectedly with code ${code}. Last output:\n${tail}`);
  });
  try {
    await waitForHealth(server, exited);
  } catch (error) {
    // A server that never got healthy may still be running: stop it before giving up.
    await stopServer(server);
    throw error;
  }
  return server;
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export async function stopServer(server: Server): Promise<void> {
  server.stopping = true;
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null && child.pid) {
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    tryKill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => tryKill(-child.pid!, 'SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }
  if (server.keepData) return;
  await rm(server.dataDir, { recursive: true, force: true });
  if (server.database) await dropDatabase(server.database);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Both servers offer "Sign in with Acme ID" through a real OpenID provider on loopback.
  const oidc = await listenOidcProvider();
  const oidcEnv = {
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
    OIDC_NAME: OIDC_NAME,
  };
  // A server for each mode the run covers.
  const modes = project.getProvidedContext().e2eModes;
  const results = await Promise.allSettled(
    modes.map((mode) => startServer(mode, mode === 'js' ? 3210 : 3211, undefined, oidcEnv)),
  );
  const servers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const provider = oidc.attach(servers.map((s) => `${s.url}/api/auth/callback/oidc`));
  if (failed) {
    await Promise.all(servers.map(stopServer));
    await provider.close();
    throw failed.reason;
  }
  // An interrupted run skips teardown; never leave servers behind holding ports and data dirs.
  const killAll = () => servers.forEach((s) => s.child.pid && tryKill(-s.child.pid, 'SIGKILL'));
  process.once('exit', killAll);
  modes.forEach((mode, i) => {
    if (mode === 'js') {
      project.provide('e2eBaseUrlJs', servers[i].url);
      project.provide('e2eDataDirJs', servers[i].dataDir);
    } else {
      project.provide('e2eBaseUrlNojs', servers[i].url);
      project.provide('e2eDataDirNojs', servers[i].dataDir);
    }
  });
  return async () => {
    await Promise.all(servers.map(stopServer));
    await provider.close();
    process.off('exit', killAll);
  };
}
