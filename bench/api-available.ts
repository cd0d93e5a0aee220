/**
 * `GET /api/v1/users?available=true` at 100,000 users in one organization, over HTTP from a
 * production server (`npm run build` first): setup through the real form, 100,000 users seeded
 * into that organization (a mix of Online, Offline, Unavailable, deactivated and away), an API
 * token with `users:read` inserted for the owner, then autocannon with 10 connections
 * (BENCH_CONNECTIONS) for BENCH_DURATION seconds (default 20) after a warm-up of BENCH_WARMUP seconds
 * (default 10: the server's first few thousand requests still compile code). `GET /api/v1/me`
 * is measured the same way: it does the token check (one statement for the rate-limit counters and
 * the token lookup; permissions; last-used update) and little else, so it is the token check's cost per request
 * seen from outside. With PostgreSQL the token check is also timed in-process, and the plan of
 * the list query is printed.
 *
 *   npm run build
 *   npx tsx --conditions=react-server bench/api-available.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/api-available.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { and, asc, eq, sql } from 'drizzle-orm';

import { openPglite, openPostgres, rows, type Db, type DbHandle } from '@/db';
import { users } from '@/db/schema';
import { assignableAtSql } from '@/lib/availability/assignable';
import { hashToken } from '@/lib/security/tokens';
import { countAndAuthenticate } from '@/lib/tokens/authenticate';

import { seedOrganization } from './lib/seed-users';
import { completeSetup, createBenchDatabase, startServer } from './lib/server.mjs';
import { loadAverage, median, ms, percentile } from './lib/stats.mjs';

const size = Number.parseInt(process.env.BENCH_USERS ?? '100000', 10);
const connections = Number.parseInt(process.env.BENCH_CONNECTIONS ?? '10', 10);
const duration = Number.parseInt(process.env.BENCH_DURATION ?? '20', 10);
const warmup = Number.parseInt(process.env.BENCH_WARMUP ?? '10', 10);

// The limits are not what is measured here.
process.env.API_RATE_LIMIT_PER_TOKEN = '1000000000';
process.env.API_RATE_LIMIT_PER_ADDRESS = '1000000000';

type Server = Awaited<ReturnType<typeof startServer>>;

/** Seeds the users, varies their availability, and inserts a token for the owner; returns its secret. */
async function seed(handle: DbHandle): Promise<{ secret: string; orgId: string; seconds: number }> {
  const db = handle.db;
  const [org] = await rows<{ id: string }>(db, sql`select id from organizations limit 1`);
  const seeded = await seedOrganization(handle, { name: '', orgId: org.id, count: size });
  // About a third Online and assignable; the rest Offline, Unavailable, or away now or later.
  await db.execute(sql`
    with numbered as (select id, row_number() over (order by id) as n from users where org_id = ${org.id}::uuid)
    update users set
      availability = case when n % 3 = 1 then 'offline' when n % 7 = 0 then 'unavailable' else 'online' end,
      away_from = case when n % 11 = 0 then now() - interval '1 day' when n % 13 = 0 then now() + interval '1 day' end,
      away_until = case when n % 11 = 0 then now() + interval '1 day' when n % 13 = 0 then now() + interval '2 days' end
    from numbered where users.id = numbered.id`);
  await db.execute(sql`vacuum analyze users`);
  const secret = `rst_${randomBytes(32).toString('base64url')}`;
  const hash = createHash('sha256').update(secret).digest('hex');
  await db.execute(sql`
    insert into api_tokens (org_id, user_id, name, prefix, token_hash, scopes, expires_at)
    select org_id, id, 'bench', ${secret.slice(0, 8)}, ${hash}, '["users:read","profile:read"]'::jsonb, now() + interval '1 day'
    from users where org_id = ${org.id}::uuid and role = 'owner' limit 1`);
  const [{ n }] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from users where org_id = ${org.id}::uuid and ${assignableAtSql(new Date())}`,
  );
  console.log(
    `${size.toLocaleString('en')} users seeded in ${seeded.seconds.toFixed(1)} s; ${n.toLocaleString('en')} available now`,
  );
  return { secret, orgId: org.id, seconds: seeded.seconds };
}

async function load(server: Server, url: string, secret: string) {
  const headers = { authorization: `Bearer ${secret}` };
  const check = await fetch(`${server.baseUrl}${url}`, { headers });
  if (check.status !== 200) throw new Error(`GET ${url} answered ${check.status}: ${await check.text()}`);
  await autocannon({ url: `${server.baseUrl}${url}`, connections, duration: warmup, headers });
  const cpuBefore = server.cpuMs?.();
  const result = await autocannon({ url: `${server.baseUrl}${url}`, connections, duration, headers });
  const cpu =
    server.cpuMs && cpuBefore !== undefined
      ? `${((server.cpuMs() - cpuBefore) / (result.requests.total || 1)).toFixed(2)} ms`
      : '—';
  console.log(
    `| ${url} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${cpu} | ${result.non2xx} of ${result.requests.total} |`,
  );
}

async function measure(label: string, server: Server, secret: string) {
  console.log(`\n## ${label}, ${connections} connections, ${duration} s after ${warmup} s of warm-up`);
  console.log('| Request | req/s | p50 | p99 | server CPU per request | non-2xx |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  await load(server, '/api/v1/users?available=true', secret);
  await load(server, '/api/v1/users?available=true&limit=100', secret);
  await load(server, '/api/v1/me', secret);
}

/** The token check in-process: the one statement that counts the request (address and token) and looks the token up. */
async function timeTokenCheck(db: Db, secret: string) {
  const times: number[] = [];
  const counting = {
    counters: [
      { key: 'ip:bench', limit: 1e9 },
      { key: `token:${hashToken(secret)}`, limit: 1e9 },
    ],
    windowSeconds: 60,
  };
  for (let i = 0; i < 520; i++) {
    const started = performance.now();
    await countAndAuthenticate(db, secret, '127.0.0.1', counting);
    if (i >= 20) times.push(performance.now() - started);
  }
  console.log(
    `\nToken check in-process (one statement: both rate-limit counters + token lookup; permissions; last use written once a minute), ${times.length} sequential: median ${ms(median(times))}, p99 ${ms(percentile(times, 99))}`,
  );
}

async function explain(db: Db, orgId: string) {
  const query = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), assignableAtSql(new Date())))
    .orderBy(asc(sql`lower(${users.firstName} || ' ' || ${users.lastName})`), asc(users.id))
    .limit(51)
    .toSQL();
  const plan = await rows<{ 'QUERY PLAN': string }>(
    db,
    sql.raw(
      `explain analyze ${query.sql.replace(/\$(\d+)/g, (_, i) => {
        const value = query.params[Number(i) - 1];
        return typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
      })}`,
    ),
  );
  console.log('\nPlan of the first page of available=true:\n' + plan.map((r) => `    ${r['QUERY PLAN']}`).join('\n'));
}

async function onPglite() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roster-bench-api-'));
  try {
    const first = await startServer({ dataDir });
    try {
      await completeSetup(first);
    } finally {
      await first.stop();
    }
    const handle = await openPglite(dataDir);
    let seeded;
    try {
      seeded = await seed(handle);
      await explain(handle.db, seeded.orgId);
    } finally {
      await handle.close();
    }
    const server = await startServer({ dataDir });
    try {
      await measure('PGlite', server, seeded.secret);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(adminUrl: string) {
  const database = await createBenchDatabase(adminUrl);
  try {
    const server = await startServer({ databaseUrl: database.url });
    try {
      await completeSetup(server);
      const handle = await openPostgres(database.url, 2);
      try {
        const seeded = await seed(handle);
        await explain(handle.db, seeded.orgId);
        await measure('PostgreSQL', server, seeded.secret);
        await timeTokenCheck(handle.db, seeded.secret);
      } finally {
        await handle.close();
      }
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

console.log(
  `# GET /api/v1/users?available=true (Node ${process.version}, ${os.cpus().length} CPUs, ${loadAverage()}, ${new Date().toISOString()})`,
);
if (process.env.BENCH_DATABASE_URL) await onPostgres(process.env.BENCH_DATABASE_URL);
else await onPglite();
