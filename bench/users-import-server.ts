/**
 * The users page while a 100,000-row import runs on the same server (PostgreSQL only; a production
 * build first). Starts `next start` on a new database `roster_bench_<random>`, runs /setup, seeds
 * BENCH_USERS (default 10,000) people into the organization, signs in as the owner and measures
 * `/org-settings/users` with autocannon (10 connections, BENCH_DURATION = 10 s, after a 3 s
 * warm-up) while nothing else runs. Then the import's file is stored and its task inserted from
 * this process, as the upload and the mapping screen would (the task's job is sent through
 * pg-boss, to the server's own job engine), and once the server is working on it the page is
 * measured again. Prints both p95 (and p50, req/s, the server's CPU per request) and the ratio,
 * and how far the import got during the loaded run.
 *
 *   NEXT_DIST_DIR=.next-bench npx next build
 *   NEXT_DIST_DIR=.next-bench BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/users-import-server.ts
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';

import { openPostgres, rows } from '@/db';
import type { ImportParams } from '@/lib/import/task';

import { seedOrganization } from './lib/seed-users';
import { completeSetup, createBenchDatabase, signIn, startServer } from './lib/server.mjs';
import { envInt, loadAverage, median, percentile } from './lib/stats.mjs';

const adminUrl = process.env.BENCH_DATABASE_URL;
if (!adminUrl) throw new Error('Set BENCH_DATABASE_URL (this benchmark runs on PostgreSQL only).');
const importRows = envInt('BENCH_ROWS', 100_000);
const size = envInt('BENCH_USERS', 10_000);
const duration = envInt('BENCH_DURATION', 10);

type Server = Awaited<ReturnType<typeof startServer>>;

function importCsv(count: number): Buffer {
  const lines = ['Email,First name,Last name,Role,Job title'];
  for (let i = 1; i <= count; i++)
    lines.push(
      `person.${String(i).padStart(6, '0')}@imported.test,Anna,Becker,member,"Regional Sales Manager, Central Europe"`,
    );
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

async function* chunksOf(file: Buffer, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < file.length; at += size) yield file.subarray(at, at + size);
}

async function load(server: Server, cookie: string, label: string) {
  const url = `${server.baseUrl}/org-settings/users`;
  await autocannon({ url, connections: 10, duration: 3, headers: { cookie } });
  const load = loadAverage();
  const cpuBefore = server.cpuMs?.() ?? null;
  // autocannon's histogram has p97.5 and p99 but no p95: every response's time is kept instead.
  const times: number[] = [];
  const run = autocannon({ url, connections: 10, duration, headers: { cookie } });
  run.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    times.push(responseTime),
  );
  const result = await run;
  const p95 = percentile(times, 95);
  const cpuAfter = server.cpuMs?.() ?? null;
  const cpuPerRequest =
    cpuBefore !== null && cpuAfter !== null && result.requests.total
      ? `${((cpuAfter - cpuBefore) / result.requests.total).toFixed(1)} ms`
      : 'n/a';
  console.log(
    `| ${label} | ${result.requests.average.toFixed(1)} | ${median(times).toFixed(0)} ms | ${p95.toFixed(0)} ms | ${result.latency.p99} ms | ${cpuPerRequest} | ${result.non2xx} of ${result.requests.total} | ${load} |`,
  );
  return { p50: median(times), p95 };
}

console.log(
  `# The users page while an import runs (Node ${process.version}, ${os.cpus().length} CPUs, ${loadAverage()}, ${new Date().toISOString()})`,
);
const database = await createBenchDatabase(adminUrl);
try {
  const server = await startServer({ databaseUrl: database.url });
  try {
    await completeSetup(server);
    const handle = await openPostgres(database.url, 2);
    try {
      const [org] = await rows<{ id: string }>(handle.db, sql`select id from organizations limit 1`);
      const [owner] = await rows<{ id: string }>(
        handle.db,
        sql`select id from users where org_id = ${org.id}::uuid and role = 'owner'`,
      );
      await seedOrganization(handle, { name: '', orgId: org.id, count: size });
      const { cookie } = await signIn(server);
      console.log(`${size.toLocaleString('en')} people; import of ${importRows.toLocaleString('en')} rows`);
      console.log('| Run | req/s | p50 | p95 | p99 | server CPU/req | non-2xx | load at start |');
      console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
      const idle = await load(server, cookie, 'idle');

      // What the upload and "Import" do: the file kept in chunks, the task and its job.
      const { saveBlob } = await import('@/lib/files/blobs');
      const { insertTask } = await import('@/lib/tasks/tasks');
      const blob = await saveBlob(
        handle.db,
        { orgId: org.id, ownerUserId: owner.id, name: 'people.csv', contentType: 'text/csv' },
        chunksOf(importCsv(importRows)),
      );
      const params: ImportParams = {
        blobId: blob.id,
        fileName: 'people.csv',
        encoding: 'utf-8',
        delimiter: ',',
        bom: false,
        mapping: { email: 0, firstName: 1, lastName: 2, role: 3, jobTitle: 4 },
        updateExisting: false,
      };
      const task = await insertTask(handle.db, {
        orgId: org.id,
        ownerUserId: owner.id,
        name: 'people.csv',
        action: 'users.import',
        params,
      });
      const boss = new PgBoss({ connectionString: database.url, schema: 'pgboss', supervise: false, schedule: false });
      await boss.start();
      await boss.send('tasks', { taskId: task.id });
      await boss.stop({ graceful: true, wait: true });
      const progress = async () =>
        (
          await rows<{ status: string; done: number }>(
            handle.db,
            sql`select status, done from tasks where id = ${task.id}::uuid`,
          )
        )[0];
      const queuedAt = performance.now();
      // Measure once the server is into the batches, not while it counts the rows.
      for (let p = await progress(); p.done === 0; p = await progress()) {
        if (p.status !== 'queued' && p.status !== 'running') throw new Error(`The import ended ${p.status}.`);
        if (performance.now() - queuedAt > 120_000) throw new Error('The server did not start the import.');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const before = await progress();
      const busy = await load(server, cookie, 'import running');
      const after = await progress();
      console.log(
        `\np95 while importing / idle: **${(busy.p95 / idle.p95).toFixed(1)}×**; p50 ${(busy.p50 / idle.p50).toFixed(1)}×. The import went from row ${before.done.toLocaleString('en')} to ${after.done.toLocaleString('en')} (${after.status}) during the loaded run (3 s warm-up + ${duration} s).`,
      );
    } finally {
      await handle.close();
    }
  } finally {
    await server.stop();
  }
} finally {
  await database.drop();
}
process.exit(0);
