/**
 * One notification fanned out to 10,000 people through the job engine: seeds an organization
 * (BENCH_USERS, default 10,000; about 85% of them active), starts the job engine in-process on
 * that database (pg-boss, as the server runs it), queues the fan-out (`enqueueFanOut`, jobs of 500
 * people) and waits until every active person has the notification: a row in their activity
 * stream and a mail in the outbox (`task.assigned`: email and in-app by default). Prints the time
 * from queuing to the last row, rows per second and the peak RSS of the process while it ran.
 * The mail drain runs alongside, as on a server, writing the mail into a temporary directory.
 *
 *   npx tsx --conditions=react-server bench/notifications-fanout.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/notifications-fanout.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';

import { rows, setDbHandle } from '@/db';

import { freshPglite, freshPostgres, seedOrganization, type BenchDatabase } from './lib/seed-users';

const size = Number.parseInt(process.env.BENCH_USERS ?? '10000', 10);
const mailDir = mkdtempSync(path.join(os.tmpdir(), 'roster-bench-fanout-'));
process.env.ROSTER_DATA_DIR ??= mailDir;

async function run(database: BenchDatabase) {
  const { handle } = database;
  const seeded = await seedOrganization(handle, { name: 'Fan-out Org', count: size });
  const active = await rows<{ id: string }>(
    handle.db,
    sql`select id from users where org_id = ${seeded.orgId}::uuid and status = 'active'`,
  );
  setDbHandle(handle);
  // Imported after the handle is set: the job engine opens the process database.
  const { enqueueFanOut, startJobs } = await import('@/lib/jobs/boss');
  const boss = await startJobs();

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const jobs = await enqueueFanOut(
    {
      orgId: seeded.orgId,
      event: 'task.assigned',
      title: 'New task for everyone',
      body: 'Read the handbook.',
      url: '/tasks/1',
    },
    active.map((u) => u.id),
  );
  let written = 0;
  while (written < active.length) {
    await new Promise((r) => setTimeout(r, 200));
    [{ n: written }] = await rows<{ n: number }>(handle.db, sql`select count(*)::int as n from notifications`);
    if (performance.now() - started > 600_000) throw new Error(`Only ${written} of ${active.length} after 10 minutes.`);
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const [{ mails }] = await rows<{ mails: number }>(handle.db, sql`select count(*)::int as mails from mail_outbox`);
  console.log(
    `| ${database.label} | ${active.length.toLocaleString('en')} | ${jobs} | ${seconds.toFixed(1)} s | ${Math.round(active.length / seconds).toLocaleString('en')} | ${mails.toLocaleString('en')} | ${Math.round(peakRss / 1048576)} MB |`,
  );
  await boss.stop({ graceful: false, wait: true });
  setDbHandle(undefined);
}

console.log(
  `# One notification to ${size.toLocaleString('en')} people through the job engine (Node ${process.version}, ${os.cpus().length} CPUs)`,
);
console.log('| Database | People | Jobs | Time to the last row | Rows/s | Mails queued | Peak RSS |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
try {
  if (process.env.BENCH_DATABASE_URL) {
    const database = await freshPostgres(process.env.BENCH_DATABASE_URL);
    try {
      await run(database);
    } finally {
      await database.dispose();
    }
  } else {
    const database = await freshPglite();
    try {
      await run(database);
    } finally {
      await database.dispose();
    }
  }
} finally {
  rmSync(mailDir, { recursive: true, force: true });
}
process.exit(0);
