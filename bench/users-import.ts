/**
 * The bulk user import at 100,000 rows, in-process with the job engine (no server):
 *
 * 1. A generated CSV of BENCH_ROWS (default 100,000) new people (email, first name, last name,
 *    role, job title; about 10 MB) is uploaded with `uploadImportFile` as the organization's owner
 *    and imported with `startImport`, which queues the task for the job engine started here as the
 *    server starts it (pg-boss, the mail drain alongside). Timed from the upload's start until the
 *    task has succeeded; then every row must have its invitation, audit entry and queued mail.
 *    The process's RSS is sampled every 50 ms. Each batch of the task is timed: the whole batch
 *    transaction, its `apply` (checks and writes) and the gap before it (reading and parsing the
 *    next rows of the file).
 * 2. The same file through a raw `COPY … FROM` into a scratch table, timed, for the ratio.
 * 3. BENCH_BAD_ROWS (default 10,000) rows that are all refused (an invalid address, an unknown
 *    role): time until the task ends, then the time to stream its error report to a file and the
 *    report's size.
 *
 * The first line gives Node, CPUs, the load average and the commit. BENCH_PROFILE=1 also takes a
 * CPU profile of this process during step 1 and prints its self time split by where the code
 * lives (CSV parsing, the import's checks, Drizzle, the driver, PGlite's engine, GC…). With
 * PostgreSQL the server's own CPU time for the bench database is printed too (from /proc, when
 * the server runs on this machine). BENCH_PROFILE_OUT=<file> keeps the profile (.cpuprofile).
 *
 *   npx tsx --conditions=react-server bench/users-import.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/users-import.ts
 *   BENCH_PROFILE=1 npx tsx --conditions=react-server bench/users-import.ts
 *
 * The server runs the import under the heap limit of `npm start`; to measure memory as it is
 * deployed, give this process the same limit: NODE_OPTIONS=--max-old-space-size=256.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getHeapStatistics } from 'node:v8';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';

import { rows, setDbHandle, type DbHandle } from '@/db';
import type { OrgActor } from '@/lib/org/actor';

import { freshPglite, freshPostgres, seedOrganization, type BenchDatabase } from './lib/seed-users';
import { envInt, loadAverage, median, percentile } from './lib/stats.mjs';

// The import's checks share the forms' helpers, which import `next/navigation` for
// `redirect` and `unstable_rethrow`. Outside a Next.js server that module loads React's client
// contexts, which fail under the react-server condition: this process gets a stand-in.
const NAVIGATION_STANDIN = `data:text/javascript,${encodeURIComponent(
  'export const unstable_rethrow = () => {};' +
    'export const redirect = (url) => { throw new Error(`redirect to ${url}`); };' +
    'export const notFound = () => { throw new Error("not found"); };',
)}`;
register(
  `data:text/javascript,${encodeURIComponent(
    `export async function resolve(specifier, context, next) {
      if (specifier === 'next/navigation' || specifier === 'next/navigation.js')
        return { url: ${JSON.stringify(NAVIGATION_STANDIN)}, shortCircuit: true };
      return next(specifier, context);
    }`,
  )}`,
);

const importRows = envInt('BENCH_ROWS', 100_000);
const badRows = envInt('BENCH_BAD_ROWS', 10_000);
const seedUsers = envInt('BENCH_USERS', 1_000);
const profile = process.env.BENCH_PROFILE === '1';
const TASK_TIMEOUT_MS = 30 * 60_000;

const workDir = mkdtempSync(path.join(os.tmpdir(), 'roster-bench-import-'));
// The mail drain of the job engine writes its mail here.
process.env.ROSTER_DATA_DIR ??= workDir;
// The mail drain logs every batch it sends at info level.
process.env.LOG_LEVEL ??= 'warn';

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'Anna', 'Lukas', 'Sophie', 'Olga', 'Dmitri', 'Irina'];
const LAST = ['Smith', 'Johnson', 'Garcia', 'Müller', 'Schmidt', 'Becker', 'Ivanov', 'Petrov', 'Novikov', 'Lee'];
const TITLES = [
  'Senior Software Engineer, Platform Infrastructure',
  'Regional Sales Manager, Central and Eastern Europe',
  'Customer Success Specialist, Enterprise Accounts',
  'Head of Finance and Administration',
  'Warehouse Logistics Coordinator (night shift)',
];

/** The file to import: unique addresses on the organization's allowed domain, one in 20 an admin. */
function goodCsv(count: number): Buffer {
  const lines = ['Email,First name,Last name,Role,Job title'];
  for (let i = 1; i <= count; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const id = String(i).padStart(6, '0');
    lines.push(
      `${first.toLowerCase()}.${last.toLowerCase().replace('ü', 'ue')}.imported.${id}@example.com,${first},${last},${i % 20 === 0 ? 'admin' : 'member'},"${TITLES[i % TITLES.length]}"`,
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** Every row refused twice: no address, a role that does not exist. */
function badCsv(count: number): Buffer {
  const lines = ['Email,First name,Last name,Role,Job title'];
  for (let i = 1; i <= count; i++) lines.push(`not-an-address-${i},Bad,Row ${i},wizard,Nobody`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** The upload as a request body arrives: 64 KB at a time. */
async function* chunksOf(file: Buffer, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < file.length; at += size) yield file.subarray(at, at + size);
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** Hundredths, for the short COPYs. */
const sec2 = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fmt = (n: number) => n.toLocaleString('en');

let clockTicks = 100;
try {
  clockTicks = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(), 10) || 100;
} catch {
  // the usual value
}

/** CPU ms of processes on this machine (the PostgreSQL backends of the bench database). */
function cpuMsOf(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks);
    } catch {
      // not on this machine, or ended
    }
  }
  return out;
}

async function backendPids(handle: DbHandle): Promise<number[]> {
  if (handle.kind !== 'postgres') return [];
  const found = await rows<{ pid: number }>(
    handle.db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  return found.map((r) => r.pid);
}

type BatchTiming = { rows: number; gapMs: number; applyMs: number; totalMs: number };

type Frame = { url: string; functionName: string; lineNumber: number };

/** Self time of a CPU profile by where the code lives, and the functions with the most of it. */
function profileSplit(cpuProfile: {
  nodes: { id: number; callFrame: Frame }[];
  samples?: number[];
  timeDeltas?: number[];
}): { split: [string, number][]; top: [string, number][] } {
  const byNode = new Map(cpuProfile.nodes.map((n) => [n.id, n.callFrame]));
  const category = ({ url, functionName }: { url: string; functionName: string }): string => {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)') return 'idle (waiting for the database or timers)';
    if (functionName === '(program)') return 'V8 / native (program)';
    if (url.startsWith('wasm://') || url.includes('@electric-sql/pglite'))
      return 'PGlite (database engine, in-process)';
    if (url.includes('/lib/import/read') || url.includes('csv-parse')) return 'CSV reading and parsing';
    if (url.includes('/lib/import/') || url.includes('/lib/org/') || url.includes('/lib/actions/'))
      return 'import checks and logic (lib/import, lib/org)';
    if (url.includes('/zod/') || url.includes('libphonenumber')) return 'zod / phone checks';
    if (url.includes('drizzle-orm')) return 'Drizzle (query building, result mapping)';
    if (url.includes('node_modules/postgres/')) return 'postgres.js (driver)';
    if (url.includes('pg-boss')) return 'pg-boss';
    if (url.includes('/lib/tasks/') || url.includes('/lib/files/')) return 'task runner, blobs';
    if (url.includes('/lib/audit') || url.includes('/lib/mail') || url.includes('/lib/auth') || url.includes('/lib/'))
      return 'other app code (audit, mail, auth…)';
    if (url.startsWith('node:') || url === '') return 'Node internals, builtins';
    return 'other libraries';
  };
  const totals = new Map<string, number>();
  const functions = new Map<string, number>();
  const samples = cpuProfile.samples ?? [];
  const deltas = cpuProfile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byNode.get(samples[i]);
    if (!frame) continue;
    const ms = (deltas[i] ?? 0) / 1000;
    const key = category(frame);
    totals.set(key, (totals.get(key) ?? 0) + ms);
    if (key.startsWith('idle')) continue;
    const where = frame.url
      ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/work\/main\//, '')}:${frame.lineNumber + 1}`
      : '(native)';
    const name = `${frame.functionName || '(anonymous)'} ${where}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const byTime = (a: [string, number], b: [string, number]) => b[1] - a[1];
  return { split: [...totals.entries()].sort(byTime), top: [...functions.entries()].sort(byTime).slice(0, 15) };
}

async function waitForTask(handle: DbHandle, taskId: string): Promise<{ status: string; ms: number }> {
  const started = performance.now();
  for (;;) {
    const [task] = await rows<{ status: string }>(handle.db, sql`select status from tasks where id = ${taskId}::uuid`);
    if (task && ['succeeded', 'failed', 'cancelled'].includes(task.status))
      return { status: task.status, ms: performance.now() - started };
    if (performance.now() - started > TASK_TIMEOUT_MS) throw new Error(`Task ${taskId} still ${task?.status}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pgliteOf = (handle: DbHandle) => (handle.db as unknown as { $client: PGlite }).$client;

/** `data` (CSV) by COPY into `table`, on a connection of its own; returns the milliseconds it took. */
async function copyIn(handle: DbHandle, table: string, options: string, data: Buffer): Promise<number> {
  const started = performance.now();
  if (handle.kind === 'pglite') {
    await pgliteOf(handle).query(`copy ${table} from '/dev/blob' with (${options})`, [], {
      blob: new Blob([new Uint8Array(data)]),
    });
  } else {
    const direct = postgres(handle.url!, { max: 1, onnotice: () => {} });
    try {
      const writable = await direct.unsafe(`copy ${table} from stdin with (${options})`).writable();
      await pipeline(Readable.from(chunksOf(data)), writable);
    } finally {
      await direct.end({ timeout: 5 });
    }
  }
  return performance.now() - started;
}

/** The rows of `select` as CSV, by COPY. */
async function copyOut(handle: DbHandle, select: string): Promise<Buffer> {
  if (handle.kind === 'pglite') {
    const { blob } = await pgliteOf(handle).query(`copy (${select}) to '/dev/blob' with (format csv)`);
    return Buffer.from(await blob!.arrayBuffer());
  }
  const reader = postgres(handle.url!, { max: 1, onnotice: () => {} });
  const parts: Buffer[] = [];
  try {
    const readable = await reader.unsafe(`copy (${select}) to stdout with (format csv)`).readable();
    for await (const part of readable) parts.push(part as Buffer);
  } finally {
    await reader.end({ timeout: 5 });
  }
  return Buffer.concat(parts);
}

async function countOf(handle: DbHandle, table: string): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from ${table}`));
  return n;
}

async function rawCopy(handle: DbHandle, file: Buffer): Promise<number> {
  await handle.db.execute(
    sql`create table import_scratch (email text, first_name text, last_name text, role text, job_title text)`,
  );
  const ms = await copyIn(handle, 'import_scratch', 'format csv, header true', file);
  const n = await countOf(handle, 'import_scratch');
  if (n !== importRows) throw new Error(`COPY loaded ${n} rows, expected ${importRows}.`);
  return ms;
}

/**
 * The least work that could store what the import stored: its invitations, queued mails and audit
 * entries, read back as CSV and written by COPY into tables made `like` the real ones (their
 * indexes, defaults and checks; no foreign keys, so this is, if anything, too low). Whatever
 * an import does, PostgreSQL has at least this to do. Returns each table's COPY time.
 */
async function storeFloor(handle: DbHandle, orgId: string): Promise<{ table: string; ms: number; rows: number }[]> {
  const sources = [
    ['invitations', `select * from invitations where org_id = '${orgId}'`],
    ['mail_outbox', `select * from mail_outbox where org_id = '${orgId}' and invitation_id is not null`],
    ['audit_log', `select * from audit_log where org_id = '${orgId}' and action = 'invitation.created'`],
  ] as const;
  const out: { table: string; ms: number; rows: number }[] = [];
  for (const [table, select] of sources) {
    await handle.db.execute(sql.raw(`create table floor_${table} (like ${table} including all)`));
    const ms = await copyIn(handle, `floor_${table}`, 'format csv', await copyOut(handle, select));
    out.push({ table, ms, rows: await countOf(handle, `floor_${table}`) });
  }
  return out;
}

async function run(database: BenchDatabase) {
  const { handle } = database;
  console.log(`\n## ${database.label} (${loadAverage()} at the start)`);
  const seeded = await seedOrganization(handle, { name: 'Import Org', count: seedUsers });
  await handle.db.execute(
    sql`update organizations set allowed_email_domains = '["example.com", "acme.test", "globex.test", "initech.test"]'::jsonb where id = ${seeded.orgId}::uuid`,
  );
  const [owner] = await rows<{ id: string }>(
    handle.db,
    sql`select id from users where org_id = ${seeded.orgId}::uuid and role = 'owner'`,
  );
  const actor: OrgActor = { id: owner.id, orgId: seeded.orgId, orgName: 'Import Org', role: 'owner' };
  setDbHandle(handle);
  // Imported after the handle is set: the job engine opens the process database.
  const { startJobs } = await import('@/lib/jobs/boss');
  const { uploadImportFile, startImport } = await import('@/lib/import/start');
  const { runUserImport, notifyImportFinished } = await import('@/lib/import/task');
  const { registerTaskHandler } = await import('@/lib/tasks/runner');
  const { errorReportStream } = await import('@/lib/tasks/report');
  const boss = await startJobs();

  // The import's own handler, with each batch timed.
  const batches: BatchTiming[] = [];
  let countPassMs = 0;
  let handlerStartedAt = 0;
  registerTaskHandler(
    'users.import',
    (taskRun) => {
      const began = performance.now();
      handlerStartedAt = began;
      let lastEnd: number | null = null;
      return runUserImport(
        {
          ...taskRun,
          setTotal: async (total) => {
            countPassMs = performance.now() - began;
            await taskRun.setTotal(total);
            lastEnd = performance.now();
          },
          batch: async (units, apply) => {
            const start = performance.now();
            let applyMs = 0;
            const ok = await taskRun.batch(units, async (tx) => {
              const a = performance.now();
              const counts = await apply(tx);
              applyMs = performance.now() - a;
              return counts;
            });
            const end = performance.now();
            batches.push({ rows: units, gapMs: lastEnd === null ? 0 : start - lastEnd, applyMs, totalMs: end - start });
            lastEnd = end;
            return ok;
          },
        },
        false,
      );
    },
    notifyImportFinished,
  );

  // 1. The import, end to end.
  const file = goodCsv(importRows);
  console.log(
    `Import file: ${fmt(importRows)} rows, ${mb(file.length)}; ${fmt(seedUsers)} people in the organization.`,
  );
  const session = profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const pidsBefore = await backendPids(handle);
  const serverCpuBefore = cpuMsOf(pidsBefore);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const uploaded = await uploadImportFile(handle.db, actor, { name: 'people.csv', stream: chunksOf(file) });
  if (!uploaded.ok) throw new Error(`Upload refused: ${uploaded.error}`);
  const uploadMs = performance.now() - started;
  const { suggested } = uploaded.preview;
  const queued = await startImport(handle.db, actor, {
    blobId: uploaded.preview.blobId,
    mapping: suggested,
    updateExisting: false,
    dryRun: false,
  });
  if (!queued.ok) throw new Error(`Import refused: ${queued.error} ${JSON.stringify(queued.fieldErrors ?? {})}`);
  const queuedMs = performance.now() - started;
  const ended = await waitForTask(handle, queued.taskId);
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const pidsAfter = await backendPids(handle);
  const serverCpuAfter = cpuMsOf([...new Set([...pidsBefore, ...pidsAfter])]);
  let serverCpuMs = 0;
  for (const [pid, after] of serverCpuAfter) serverCpuMs += after - (serverCpuBefore.get(pid) ?? 0);
  let split: [string, number][] = [];
  let top: [string, number][] = [];
  if (session) {
    const { profile: cpuProfile } = await session.post('Profiler.stop');
    session.disconnect();
    ({ split, top } = profileSplit(cpuProfile as never));
    if (process.env.BENCH_PROFILE_OUT) writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(cpuProfile));
  }
  if (ended.status !== 'succeeded') throw new Error(`The import ended ${ended.status}.`);
  const [counts] = await rows<{
    invitations: number;
    mails: number;
    sent: number;
    audits: number;
    errors: number;
    counts: unknown;
  }>(
    handle.db,
    sql`select (select count(*)::int from invitations where org_id = ${seeded.orgId}::uuid) as invitations,
               (select count(*)::int from mail_outbox where invitation_id is not null) as mails,
               (select count(*)::int from mail_outbox where status = 'sent') as sent,
               (select count(*)::int from audit_log where action = 'invitation.created') as audits,
               (select count(*)::int from task_row_errors where task_id = ${queued.taskId}::uuid) as errors,
               (select counts from tasks where id = ${queued.taskId}::uuid) as counts`,
  );
  const topErrors = await rows<{ message: string; n: number }>(
    handle.db,
    sql`select message, count(*)::int as n from task_row_errors where task_id = ${queued.taskId}::uuid
        group by message order by n desc limit 3`,
  );
  // Sequential scans during the import: a lookup that reads a growing table whole makes each
  // batch slower than the one before.
  const scans = await rows<{ relname: string; seq_scan: number; seq_tup_read: number; idx_scan: number }>(
    handle.db,
    sql`select relname, seq_scan::int, seq_tup_read::bigint::float8 as seq_tup_read, coalesce(idx_scan, 0)::int as idx_scan
        from pg_stat_user_tables
        where relname in ('invitations', 'mail_outbox', 'audit_log', 'users', 'tasks', 'task_row_errors', 'blob_chunks')
        order by seq_tup_read desc`,
  ).catch(() => []);
  const check = counts.invitations === importRows && counts.mails === importRows ? 'ok' : 'MISMATCH';

  console.log(`\n### 1. Import of ${fmt(importRows)} rows through the job engine`);
  console.log('| Figure | Value |');
  console.log('| --- | --- |');
  console.log(`| upload (saveBlob + preview) | ${sec(uploadMs)} |`);
  console.log(`| upload start → task queued | ${sec(queuedMs)} |`);
  console.log(
    `| task queued → its handler started (job engine pick-up) | ${sec(handlerStartedAt - started - queuedMs)} |`,
  );
  console.log(`| counting pass (the whole file parsed once for the total) | ${sec(countPassMs)} |`);
  console.log(
    `| upload start → task succeeded | **${sec(totalMs)}** (${fmt(Math.round(importRows / (totalMs / 1000)))} rows/s) |`,
  );
  console.log(
    `| invitations / queued mails / audit entries | ${fmt(counts.invitations)} / ${fmt(counts.mails)} / ${fmt(counts.audits)} (${check}) |`,
  );
  console.log(`| mails sent by the job engine's drain when the task ended | ${fmt(counts.sent)} |`);
  console.log(`| row errors / task counts | ${fmt(counts.errors)} / ${JSON.stringify(counts.counts)} |`);
  if (topErrors.length)
    console.log(`| most frequent row errors | ${topErrors.map((e) => `${e.n}× ${e.message}`).join('; ')} |`);
  console.log(`| RSS of the process before the upload | ${mb(rssBefore)} |`);
  console.log(`| peak RSS of the process (50 ms samples) | **${mb(peakRss)}** |`);
  console.log(`| CPU of this process (user + system) | ${sec((cpu.user + cpu.system) / 1000)} |`);
  if (handle.kind === 'postgres')
    console.log(
      `| CPU of the PostgreSQL backends of the bench database | ${serverCpuAfter.size ? sec(serverCpuMs) : 'n/a'} |`,
    );
  if (scans.length)
    console.log(
      `| sequential scans (rows read) / index scans, whole run | ${scans.map((t) => `${t.relname} ${fmt(t.seq_scan)} (${fmt(t.seq_tup_read)}) / ${fmt(t.idx_scan)}`).join('; ')} |`,
    );
  const real = batches.filter((b) => b.rows > 0);
  const col = (pick: (b: BatchTiming) => number) => {
    const values = real.map(pick);
    const sum = values.reduce((s, v) => s + v, 0);
    return `${median(values).toFixed(0)} / ${percentile(values, 95).toFixed(0)} / ${Math.max(...values).toFixed(0)} ms (sum ${sec(sum)})`;
  };
  console.log(`| batches | ${real.length} of up to ${real.length ? Math.max(...real.map((b) => b.rows)) : 0} rows |`);
  console.log(`| batch transaction, median / p95 / max | ${col((b) => b.totalMs)} |`);
  console.log(`| … of which apply (checks + writes), median / p95 / max | ${col((b) => b.applyMs)} |`);
  console.log(`| gap before a batch (reading + parsing its rows), median / p95 / max | ${col((b) => b.gapMs)} |`);
  if (real.length >= 20) {
    const tenth = Math.floor(real.length / 10);
    const first = median(real.slice(0, tenth).map((b) => b.totalMs));
    const last = median(real.slice(-tenth).map((b) => b.totalMs));
    console.log(`| batch median, first tenth → last tenth | ${first.toFixed(0)} → ${last.toFixed(0)} ms |`);
  }
  if (split.length) {
    const all = split.reduce((s, [, v]) => s + v, 0);
    console.log(`\nCPU profile of this process during step 1 (self time, ${sec(all)} sampled):`);
    console.log('| Where | Self time | Share |');
    console.log('| --- | --- | --- |');
    for (const [where, ms] of split) console.log(`| ${where} | ${sec(ms)} | ${((100 * ms) / all).toFixed(1)} % |`);
    console.log('\n| Function (self time, idle left out) | Self time |');
    console.log('| --- | --- |');
    for (const [name, ms] of top) console.log(`| \`${name}\` | ${sec(ms)} |`);
  }

  // 2. The same rows by COPY.
  const copyMs = await rawCopy(handle, file);
  console.log(`\n### 2. Raw COPY of the same ${fmt(importRows)} rows into a scratch table`);
  console.log(`COPY: ${sec2(copyMs)}; import / COPY = **${(totalMs / copyMs).toFixed(1)}×** (${loadAverage()})`);
  // What no import can go below: parsing the file once (the counting pass does only that), and
  // PostgreSQL storing the import's rows in the real tables' shape by COPY.
  const floor = await storeFloor(handle, seeded.orgId);
  const floorMs = floor.reduce((sum, f) => sum + f.ms, 0);
  console.log('\n| Floor | Time | ÷ COPY |');
  console.log('| --- | --- | --- |');
  console.log(
    `| parsing the file once (the counting pass) | ${sec2(countPassMs)} | ${(countPassMs / copyMs).toFixed(1)}× |`,
  );
  for (const f of floor)
    console.log(
      `| COPY of the import's ${fmt(f.rows)} rows of \`${f.table}\` into a table like it | ${sec2(f.ms)} | ${(f.ms / copyMs).toFixed(1)}× |`,
    );
  console.log(`| the three COPYs together | ${sec2(floorMs)} | **${(floorMs / copyMs).toFixed(1)}×** |`);

  // 3. A file of bad rows, and its error report.
  const bad = badCsv(badRows);
  const badStarted = performance.now();
  const badUpload = await uploadImportFile(handle.db, actor, { name: 'bad.csv', stream: chunksOf(bad) });
  if (!badUpload.ok) throw new Error(`Upload refused: ${badUpload.error}`);
  const badQueued = await startImport(handle.db, actor, {
    blobId: badUpload.preview.blobId,
    mapping: badUpload.preview.suggested,
    updateExisting: false,
    dryRun: false,
  });
  if (!badQueued.ok) throw new Error(`Import refused: ${badQueued.error}`);
  const badEnded = await waitForTask(handle, badQueued.taskId);
  const badMs = performance.now() - badStarted;
  // The report as the download streams it (`errorReportStream`: keyset batches of 1,000 rows).
  const reportPath = path.join(workDir, 'bad - errors.csv');
  const reportStarted = performance.now();
  const taskId = badQueued.taskId;
  const report = errorReportStream(handle.db, taskId, ['Row', 'Column', 'Value', 'Message'], (column) => column);
  await pipeline(Readable.fromWeb(report as import('node:stream/web').ReadableStream), createWriteStream(reportPath));
  const reportMs = performance.now() - reportStarted;
  const reportBytes = statSync(reportPath).size;
  const [{ errors: badErrors }] = await rows<{ errors: number }>(
    handle.db,
    sql`select count(*)::int as errors from task_row_errors where task_id = ${taskId}::uuid`,
  );
  console.log(`\n### 3. ${fmt(badRows)} rows, every one refused`);
  console.log('| Figure | Value |');
  console.log('| --- | --- |');
  console.log(`| upload start → task ${badEnded.status} | ${sec(badMs)} |`);
  console.log(`| error rows | ${fmt(badErrors)} |`);
  console.log(`| error report streamed to a file | ${sec(reportMs)}, ${mb(reportBytes)} |`);
  console.log(`(${loadAverage()} at the end)`);

  await boss.stop({ graceful: false, wait: true });
  setDbHandle(undefined);
}

let commit = '';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  // not a checkout
}
// The server runs with the heap limit of `npm start` (scripts/server-node-args.mjs); this process
// has it only when started with it, e.g. NODE_OPTIONS=--max-old-space-size=256.
const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024);
console.log(
  `# User import benchmark (Node ${process.version}, heap limit ${heapLimitMb} MB, ${os.cpus().length} CPUs, ${loadAverage()}, ${new Date().toISOString()}, commit ${commit})`,
);
try {
  const database = process.env.BENCH_DATABASE_URL
    ? await freshPostgres(process.env.BENCH_DATABASE_URL)
    : // On disk, as the app keeps it (BENCH_PGLITE_MEMORY=1: in memory, which puts every row in the heap).
      await freshPglite(process.env.BENCH_PGLITE_MEMORY === '1' ? 'memory://' : path.join(workDir, 'db'));
  try {
    await run(database);
  } finally {
    await database.dispose();
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(0);
