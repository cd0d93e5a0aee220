/**
 * A production server to benchmark: `next start` on a free loopback port with its own fresh data
 * directory (and, on request, its own fresh PostgreSQL database), or the server at BENCH_URL.
 * Then first-run setup and a sign-in, so the benchmarks get a session cookie.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serverNodeArgs } from '../../scripts/server-node-args.mjs';
import { describeFailure, postForm, prepareForm, sessionCookieFrom } from './forms.mjs';
import { since } from './stats.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The owner created by /setup on a fresh server; override for a BENCH_URL server set up already. */
export const benchAccount = {
  email: process.env.BENCH_EMAIL || 'owner@roster-perf.test',
  password: process.env.BENCH_PASSWORD || 'Bench!Passw0rd-42',
};

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
/** Started servers and their data directories. */
const running = new Map();
/** Temporary directories of the benchmarks themselves (benchTempDir), removed at exit. */
const tempDirs = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// Never leave a server (or its temporary data) behind, whatever way the benchmark ends.
process.once('exit', () => {
  for (const [child, dataDir] of running) {
    killGroup(child, 'SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
/** Bench databases not dropped yet (a name → its drop function). */
const databases = new Map();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    process.exitCode = 130;
    for (const [child] of running) killGroup(child, 'SIGKILL');
    // Dropping needs the server's connections gone: give it a few seconds, then leave anyway.
    const drops = [...databases.values()].map((drop) => drop().catch(() => {}));
    await Promise.race([Promise.all(drops), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    process.exit(); // runs the 'exit' handler above
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Like sleep, but does not keep the process alive. */
const timeout = (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value).unref());

/** The end of the server's output, repeated lines folded, for error messages. */
export function tail(output, maxLines = 30) {
  const lines = output.join('').split('\n');
  const folded = [];
  for (const line of lines) {
    const last = folded[folded.length - 1];
    if (last && last.line === line) last.count++;
    else folded.push({ line, count: 1 });
  }
  return folded
    .slice(-maxLines)
    .map(({ line, count }) => (count > 1 ? `${line}   [×${count}]` : line))
    .join('\n');
}

async function waitForHealth(baseUrl, child, output) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`The server exited with code ${child.exitCode} before it was ready:\n${tail(output)}`);
    }
    try {
      const response = await fetch(new URL('/api/health', baseUrl), { signal: AbortSignal.timeout(5_000) });
      await response.text();
      if (response.ok) return;
      // A failed start-up hook (migrations, job engine) fails every request: no point waiting.
      if (response.status >= 500 && /instrumentation hook/.test(output.join(''))) {
        throw new Error(`The server failed to start (GET /api/health → ${response.status}):\n${tail(output, 12)}`);
      }
    } catch (error) {
      if (/failed to start/.test(String(error?.message))) throw error;
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`The server at ${baseUrl} was not healthy after ${START_TIMEOUT_MS / 1000} s:\n${tail(output)}`);
}

/** Resident memory of every process in the server's process group, in MB (null where ps is missing). */
function groupRssMb(pgid) {
  try {
    const out = execFileSync('ps', ['-o', 'rss=', '-g', String(pgid)], { encoding: 'utf8', timeout: 5_000 });
    const kb = out.split('\n').reduce((sum, line) => sum + (Number.parseInt(line.trim(), 10) || 0), 0);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** A new empty directory under the system's temp folder, removed when the process exits (Ctrl-C too). */
export function benchTempDir(prefix = 'roster-bench-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

let clockTicks;
/** The kernel's clock ticks per second, the unit of /proc/<pid>/stat's CPU times (`getconf CLK_TCK`). */
function clockTicksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks =
        Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim(), 10) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * CPU time (user + system) used so far by the processes of the server's process group, in ms
 * (null without ps or /proc). Read it before and after a load and divide by the requests served.
 * A process that ends in between takes its time with it; `next start` serves from one process.
 * (`ps -g` takes a session id: the server is started detached, so its session is its group.)
 */
function groupCpuMs(pgid) {
  try {
    const out = execFileSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8', timeout: 5_000 });
    let ticks = 0;
    for (const pid of out.split('\n').map((line) => line.trim())) {
      if (!pid) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // ended since ps listed it
      }
      // Field 2, the command, is in parentheses and may hold spaces: count from the last ')'.
      // What follows starts at field 3; fields 14 and 15 are utime and stime.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return Number.isFinite(ticks) ? (ticks * 1000) / clockTicksPerSecond() : null;
  } catch {
    return null;
  }
}

/** Replace the database name in a postgres:// URL. */
function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, empty database `roster_bench_<random>` on the server of `adminUrl`. */
export async function createBenchDatabase(adminUrl) {
  const { default: postgres } = await import('postgres');
  const name = `roster_bench_${randomBytes(6).toString('hex')}`;
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const drop = async () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      databases.delete(name);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  databases.set(name, drop);
  return { name, url: withDatabase(adminUrl, name), drop };
}

/**
 * Start `next start` (the app must have been built with `npm run build`), or use BENCH_URL.
 * Returns { baseUrl, origin, label, stop }, and for a server it started also output, rssMb() and
 * cpuMs() (CPU time of its process group so far).
 */
export async function startServer({ databaseUrl, dataDir: givenDataDir } = {}) {
  if (process.env.BENCH_URL) {
    const baseUrl = process.env.BENCH_URL.replace(/\/+$/, '');
    await waitForHealth(baseUrl, null, []);
    return { baseUrl, origin: new URL(baseUrl).origin, label: `existing server ${baseUrl}`, stop: async () => {} };
  }
  // next.config.mjs takes the build folder from NEXT_DIST_DIR (default .next); `next start` too.
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  if (!existsSync(path.join(repoRoot, distDir, 'BUILD_ID'))) {
    throw new Error(`No production build found (${distDir}/BUILD_ID). Run \`npm run build\` first, or set BENCH_URL.`);
  }
  const port = await freePort();
  // A data directory the caller passes in is the caller's: it is kept when the server stops.
  const dataDir = givenDataDir ?? mkdtempSync(path.join(tmpdir(), 'roster-bench-'));
  const ownsDataDir = !givenDataDir;
  // Loopback only. APP_URL is the very address the requests go to: the app refuses a form post
  // whose Origin is not APP_URL's, and Next.js one whose Origin host is not the Host header.
  // (127.0.0.1 gets the same Secure `__Host-` cookie as localhost.)
  const baseUrl = `http://127.0.0.1:${port}`;
  const appUrl = baseUrl;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    APP_URL: appUrl,
    ROSTER_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // Never touch a database or mail server from the caller's environment.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  delete env.UPLOADTHING_TOKEN;
  if (databaseUrl) {
    env.DATABASE_URL = databaseUrl;
    env.AUTH_SECRET = randomBytes(32).toString('base64url');
  }
  const nextBin = path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
  // The flags of `npm start`, then BENCH_NODE_ARGS: more for the server's Node, e.g.
  // `--cpu-prof --cpu-prof-dir=/tmp/prof`, or `--max-old-space-size=4096` to lift the heap limit.
  const nodeArgs = [...serverNodeArgs(), ...(process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: repoRoot,
    env,
    detached: true, // its own process group, so stop() ends every child it forks
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.set(child, ownsDataDir ? dataDir : null);
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup(child, 'SIGTERM');
      if ((await Promise.race([exited, timeout(STOP_TIMEOUT_MS, 'timeout')])) === 'timeout') {
        killGroup(child, 'SIGKILL');
        await Promise.race([exited, timeout(STOP_TIMEOUT_MS)]);
      }
    }
    running.delete(child);
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    origin: new URL(baseUrl).origin,
    label: `next start, ${databaseUrl ? 'PostgreSQL' : 'PGlite'}`,
    stop,
    output,
    rssMb: () => groupRssMb(child.pid),
    cpuMs: () => groupCpuMs(child.pid),
  };
}

/** Run the first-run setup form when the server has none yet. Returns true when it did. */
export async function completeSetup(server, account = benchAccount) {
  let entries;
  try {
    entries = await prepareForm(server.baseUrl, '/setup', 'orgName', {
      // Nothing here may appear in the password: setup refuses passwords holding personal data.
      orgName: 'Perf Org',
      firstName: 'Perf',
      lastName: 'Owner',
      email: account.email,
      password: account.password,
      confirmPassword: account.password,
    });
  } catch (error) {
    if (/answered 404/.test(String(error.message))) return false; // set up already
    throw error;
  }
  const result = await postForm(server.baseUrl, '/setup', server.origin, entries);
  if (result.status !== 303 || !sessionCookieFrom(result.setCookies)) {
    throw new Error(
      `Setup did not succeed (${describeFailure(result)}).${server.output ? `\n${tail(server.output)}` : ''}`,
    );
  }
  return true;
}

/** The sign-in form's fields, ready to post (one GET). */
export function prepareSignIn(server, account = benchAccount) {
  return prepareForm(server.baseUrl, '/sign-in', 'email', { email: account.email, password: account.password });
}

/** POST prepared sign-in fields; resolves to { cookie, ms } and times the POST only. */
export async function postSignIn(server, entries) {
  const start = process.hrtime.bigint();
  const result = await postForm(server.baseUrl, '/sign-in', server.origin, entries);
  const elapsed = since(start);
  const cookie = sessionCookieFrom(result.setCookies);
  if (result.status !== 303 || !cookie) {
    throw new Error(`Sign-in failed (${describeFailure(result)}).${server.output ? `\n${tail(server.output)}` : ''}`);
  }
  return { cookie, ms: elapsed, location: result.location };
}

export async function signIn(server, account = benchAccount) {
  return postSignIn(server, await prepareSignIn(server, account));
}

/**
 * Start a server (fresh PGlite, or a fresh database on the PostgreSQL server of `adminUrl`),
 * set it up, sign in, run `fn({ server, cookie })`, and always clean up.
 */
export async function withSignedInServer({ adminUrl } = {}, fn) {
  const database = adminUrl && !process.env.BENCH_URL ? await createBenchDatabase(adminUrl) : null;
  let server;
  try {
    server = await startServer({ databaseUrl: database?.url });
    await completeSetup(server);
    const { cookie } = await signIn(server);
    return await fn({ server, cookie, database });
  } finally {
    if (server) await server.stop();
    if (database) await database.drop();
  }
}
