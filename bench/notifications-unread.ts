/**
 * The header bell's unread count at 1,000,000 notifications spread over 10,000 people: seeds a
 * fresh in-memory PGlite (and, with BENCH_DATABASE_URL, a fresh PostgreSQL database that is dropped
 * afterwards), then times `unreadCount` — the one query the bell adds to a page — for a typical
 * person (about 20 unread among 100) and for one with 5,000 unread (the count stops at 100):
 * five warm-up runs, then BENCH_RUNS (default 200). Prints median and p99, and EXPLAIN ANALYZE.
 *
 *   npx tsx --conditions=react-server bench/notifications-unread.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/notifications-unread.ts
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';

import { unreadCount, unreadCountQuery } from '@/lib/notifications/activity';

import { freshPglite, freshPostgres, seedOrganization, type BenchDatabase } from './lib/seed-users';

const runs = Number.parseInt(process.env.BENCH_RUNS ?? '200', 10);
const people = Number.parseInt(process.env.BENCH_USERS ?? '10000', 10);
const rowsTotal = Number.parseInt(process.env.BENCH_NOTIFICATIONS ?? '1000000', 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function run(database: BenchDatabase) {
  const { handle } = database;
  const db = handle.db;
  const started = performance.now();
  const seeded = await seedOrganization(handle, { name: 'Bench Org', count: people });
  // Every person gets the same share (row g goes to person g mod people, as their (g div people)th),
  // one a second back in time; of each person's rows one in five unread, one in twenty not shown in
  // the app (email only).
  await db.execute(sql`
    with people as (select id, org_id, (row_number() over (order by id) - 1)::int as n from users)
    insert into notifications (org_id, user_id, event, title, body, in_app, read_at, created_at)
    select p.org_id, p.id, 'mention', 'Notification ' || g, '', (g / ${people}) % 20 <> 3,
           case when (g / ${people}) % 5 = 0 then null else now() - interval '1 minute' end,
           now() - make_interval(secs => g)
    from generate_series(0, ${rowsTotal - 1}) as g
    join people p on p.n = g % ${people}`);
  const first = (await handle.executeSql('select id from users order by id limit 2')) as { rows: { id: string }[] };
  const [typical, heavy] = first.rows;
  await db.execute(sql`
    insert into notifications (org_id, user_id, event, title, in_app, created_at)
    select ${seeded.orgId}::uuid, ${heavy.id}::uuid, 'mention', 'Backlog ' || g, true, now() - make_interval(secs => g)
    from generate_series(1, 5000) as g`);
  // As autovacuum would have by now: statistics, and the visibility map an index-only scan needs.
  await handle.executeSql('vacuum analyze notifications');
  const total = (await handle.executeSql('select count(*)::int as n from notifications')) as { rows: { n: number }[] };
  console.log(
    `\n## ${database.label}: ${total.rows[0].n.toLocaleString('en')} notifications for ${seeded.users.toLocaleString('en')} people, seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log('| person | count | median ms | p99 ms | min ms |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const plans: string[] = [];
  for (const [name, person] of [
    ['typical (about 20 unread)', typical],
    ['5,000 unread', heavy],
  ] as const) {
    for (let i = 0; i < 5; i++) await unreadCount(db, person);
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      count = await unreadCount(db, person);
      times.push(performance.now() - start);
    }
    console.log(
      `| ${name} | ${count} | ${median(times).toFixed(3)} | ${percentile(times, 99).toFixed(3)} | ${Math.min(...times).toFixed(3)} |`,
    );
    const query = unreadCountQuery(db, person).toSQL();
    const plan = (await handle.executeSql(`explain (analyze, buffers, costs off) ${query.sql}`, query.params)) as {
      rows: Record<string, string>[];
    };
    plans.push(`${name}:\n${plan.rows.map((r) => `    ${Object.values(r)[0]}`).join('\n')}`);
  }
  console.log(`\nEXPLAIN ANALYZE (${database.label}):\n${plans.join('\n')}`);
}

console.log(
  `notifications-unread benchmark: ${runs} runs per case; Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join('/')}`,
);
const targets: (() => Promise<BenchDatabase>)[] = [freshPglite];
if (process.env.BENCH_DATABASE_URL) targets.push(() => freshPostgres(process.env.BENCH_DATABASE_URL!));
for (const open of targets) {
  const database = await open();
  try {
    await run(database);
  } finally {
    await database.dispose();
  }
}
