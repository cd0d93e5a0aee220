/**
 * "Export members" of one group with 100,000 members: the CSV stream the route handler returns,
 * read to the end by a sink that only counts bytes and rows (as a fast client would). Prints the
 * seeding time, the export time, rows and bytes, and the process RSS sampled every 50 ms (before
 * the export and its peak during it). Runs on a fresh on-disk PGlite in a temporary directory,
 * and also on PostgreSQL in a new database `roster_bench_<random>` when BENCH_DATABASE_URL is set.
 *
 *   npx tsx --conditions=react-server bench/group-export.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/group-export.ts
 *
 * BENCH_MEMBERS (default 100000) changes the group's size.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';

import { migrate, openPglite, openPostgres, type DbHandle } from '@/db';
import { groups, organizations } from '@/db/schema';
import { EXPORT_PAGE_SIZE, membersCsvStream } from '@/lib/org/groups';

const MEMBERS = Number.parseInt(process.env.BENCH_MEMBERS ?? '100000', 10);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** One organization, MEMBERS people (every 97th with a formula-looking name) and one group holding them all. */
async function seed(handle: DbHandle): Promise<{ orgId: string; groupId: string }> {
  const { db } = handle;
  const [org] = await db.insert(organizations).values({ name: 'Bench Org' }).returning({ id: organizations.id });
  const [group] = await db.insert(groups).values({ orgId: org.id, name: 'Everyone' }).returning({ id: groups.id });
  await db.execute(sql`
    insert into users (org_id, email, first_name, last_name, username)
    select ${org.id}::uuid, 'person' || i || '@bench.test',
           case when i % 97 = 0 then '=HYPERLINK("http://x.test","y")' else 'First' || i end,
           case when i % 89 = 0 then 'Smith, "Jr"' else 'Last' || i end,
           'user' || i
    from generate_series(1, ${MEMBERS}) as i`);
  await db.execute(sql`
    insert into group_members (org_id, group_id, user_id)
    select ${org.id}::uuid, ${group.id}::uuid, id from users where org_id = ${org.id}::uuid`);
  await db.execute(sql`analyze users`);
  await db.execute(sql`analyze group_members`);
  return { orgId: org.id, groupId: group.id };
}

async function exportOnce(handle: DbHandle, ids: { orgId: string; groupId: string }) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  let rows = -1;
  let bytes = 0;
  let chunks = 0;
  const start = process.hrtime.bigint();
  const reader = membersCsvStream(handle.db, { ...ids, onDone: (n) => (rows = n) }).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    chunks++;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, rows, bytes, chunks, baseline, peak };
}

async function run(label: string, open: () => Promise<{ handle: DbHandle; cleanup: () => Promise<void> }>) {
  const { handle, cleanup } = await open();
  try {
    await migrate(handle);
    const seedStart = Date.now();
    const ids = await seed(handle);
    console.log(`${label}: seeded ${MEMBERS} members in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
    for (const pass of ['first', 'second']) {
      const r = await exportOnce(handle, ids);
      console.log(
        `${label} (${pass} run): ${r.rows} rows, ${mb(r.bytes)} in ${r.chunks} chunks, ${r.ms.toFixed(0)} ms ` +
          `(${Math.round(r.rows / (r.ms / 1000))} rows/s); RSS before ${mb(r.baseline)}, peak ${mb(r.peak)} (+${mb(r.peak - r.baseline)})`,
      );
      if (r.rows !== MEMBERS) throw new Error(`expected ${MEMBERS} rows, got ${r.rows}`);
    }
  } finally {
    await cleanup();
  }
}

console.log(
  `Node ${process.version}, ${os.cpus().length} CPUs, load ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join('/')}; page size ${EXPORT_PAGE_SIZE}`,
);

await run('PGlite', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roster-bench-export-'));
  const handle = await openPglite(dir);
  return {
    handle,
    cleanup: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl) {
  await run('PostgreSQL', async () => {
    const name = `roster_bench_${randomBytes(6).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openPostgres(url.toString(), 5);
    return {
      handle,
      cleanup: async () => {
        await handle.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  });
}
