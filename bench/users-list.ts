/**
 * The /org-settings/users list query at 100,000 users: seeds a fresh in-memory PGlite (and, with
 * BENCH_DATABASE_URL, a fresh PostgreSQL database that is dropped afterwards), then times
 * `listUsers` — rows, exact total and group counts, everything the page asks the database for —
 * for each case: two warm-up runs, then BENCH_RUNS (default 20). Prints median and p95, and the
 * plan of each query so you can see whether the trigram index is used.
 *
 *   npx tsx --conditions=react-server bench/users-list.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/users-list.ts
 */
import os from 'node:os';

import {
  countMatches,
  listUsers,
  pageRows,
  parseUserListQuery,
  userListWhere,
  type UserListQuery,
} from '@/lib/org/users-query';

import { freshPglite, freshPostgres, seedOrganization, type BenchDatabase } from './lib/seed-users';

const runs = Number.parseInt(process.env.BENCH_RUNS ?? '20', 10);
const size = Number.parseInt(process.env.BENCH_USERS ?? '100000', 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

type Case = { name: string; query: UserListQuery };

function cases(groupId: string): Case[] {
  const q = (params: Record<string, string>) => parseUserListQuery(params);
  return [
    { name: 'first page (by name)', query: q({}) },
    { name: 'search, rare "zyskowski"', query: q({ q: 'zyskowski' }) },
    { name: 'search, common "son"', query: q({ q: 'son' }) },
    { name: 'search, 2 letters "an"', query: q({ q: 'an' }) },
    { name: 'search, nearly all "test"', query: q({ q: 'test' }) },
    { name: 'search "smith" + active', query: q({ q: 'smith', status: 'active' }) },
    { name: 'filter by group', query: q({ group: groupId }) },
    { name: 'filter by role admin', query: q({ role: 'admin' }) },
    { name: 'page 200 (by name)', query: q({ page: '200' }) },
    { name: 'newest first, page 1', query: q({ sort: 'newest' }) },
  ];
}

/** The plan's node lines, without costs, e.g. "Bitmap Index Scan on users_search_trgm_idx". */
async function plan(database: BenchDatabase, text: string, params: unknown[]): Promise<string[]> {
  const result = (await database.handle.executeSql(`explain ${text}`, params)) as { rows: Record<string, string>[] };
  return result.rows
    .map((r) => Object.values(r)[0])
    .filter(
      (line) => /Scan|Sort|Limit|Aggregate|Join|Nested Loop|Gather/.test(line) && !/Sort Key|Sort Method/.test(line),
    )
    .map((line) =>
      line
        .replace(/\s+\(cost=.*$/, '')
        .replace(/^\s*->\s*/, '')
        .replace(/ on users users_1$| on users$/, ' on users')
        .trim(),
    );
}

async function run(database: BenchDatabase) {
  const seeded = await seedOrganization(database.handle, { name: 'Bench Org', count: size });
  // A second, small organization: its rows must never show up and must not slow the first down.
  await seedOrganization(database.handle, { name: 'Other Org', count: 2000, emailPrefix: 'other.' });
  console.log(
    `\n## ${database.label}: seeded ${seeded.users.toLocaleString('en')} users + 2,000 in another org in ${seeded.seconds.toFixed(1)} s`,
  );
  const db = database.handle.db;
  console.log('| case | rows | total | median ms | p95 ms | min ms | trigram index |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  const plans: string[] = [];
  for (const c of cases(seeded.groupIds[6])) {
    const times: number[] = [];
    let last = await listUsers(db, seeded.orgId, c.query);
    await listUsers(db, seeded.orgId, c.query);
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      last = await listUsers(db, seeded.orgId, c.query);
      times.push(performance.now() - start);
    }
    const where = userListWhere(seeded.orgId, c.query);
    const page = pageRows(db, where, c.query.sort, c.query.page).toSQL();
    const total = countMatches(db, where, c.query.q.length > 0).toSQL();
    const pagePlan = await plan(database, page.sql, page.params);
    const countPlan = await plan(database, total.sql, total.params);
    const trigram = [...pagePlan, ...countPlan].some((l) => l.includes('users_search_trgm_idx'));
    console.log(
      `| ${c.name} | ${last.rows.length} | ${last.totalIsLowerBound ? '>' : ''}${last.total.toLocaleString('en')} | ${median(times).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${Math.min(...times).toFixed(1)} | ${c.query.q ? (trigram ? 'used' : 'not used') : '–'} |`,
    );
    plans.push(`- ${c.name}\n  - page: ${pagePlan.join(' ← ')}\n  - count: ${countPlan.join(' ← ')}`);
  }
  console.log(`\nPlans (${database.label}, outermost node first):\n${plans.join('\n')}`);
}

console.log(
  `users-list benchmark: ${size.toLocaleString('en')} users, ${runs} runs per case; Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load ${os
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
