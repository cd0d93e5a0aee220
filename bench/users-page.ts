/**
 * The whole /org-settings/users page at 100,000 users, over HTTP from a production server
 * (`npm run build` first): setup through the real form, then 100,000 users (and 20 groups) are
 * seeded into that organization, the owner signs in, and each list URL is fetched one request at
 * a time — two warm-up fetches, then BENCH_RUNS (default 20) — until the last byte of the HTML.
 * That time is the server's time plus a loopback round trip. Also timed: 10 parallel clients on
 * the first page with autocannon.
 *
 * PGlite: the server is stopped after setup, its data directory seeded, and the server started
 * again on it. PostgreSQL (BENCH_DATABASE_URL): a new database `roster_bench_<random>`, seeded
 * while the server runs, dropped afterwards.
 *
 *   npm run build
 *   npx tsx --conditions=react-server bench/users-page.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/users-page.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';

import { openPglite, openPostgres, rows, type DbHandle } from '@/db';

import { getPage } from './lib/forms.mjs';
import { seedOrganization } from './lib/seed-users';
import { completeSetup, createBenchDatabase, signIn, startServer } from './lib/server.mjs';
import { loadAverage, median, ms, percentile } from './lib/stats.mjs';

const runs = Number.parseInt(process.env.BENCH_RUNS ?? '20', 10);
const size = Number.parseInt(process.env.BENCH_USERS ?? '100000', 10);

type Server = Awaited<ReturnType<typeof startServer>>;

async function seedInto(handle: DbHandle): Promise<{ groupId: string; seconds: number }> {
  const [org] = await rows<{ id: string }>(handle.db, sql`select id from organizations limit 1`);
  const seeded = await seedOrganization(handle, { name: '', orgId: org.id, count: size });
  return { groupId: seeded.groupIds[0], seconds: seeded.seconds };
}

function urls(groupId: string): [string, string][] {
  return [
    ['first page (by name)', '/org-settings/users'],
    ['search, rare "zyskowski"', '/org-settings/users?q=zyskowski'],
    ['search, common "son"', '/org-settings/users?q=son'],
    ['search "smith" + active', '/org-settings/users?q=smith&status=active'],
    ['filter by group', `/org-settings/users?group=${groupId}`],
    ['filter by role admin', '/org-settings/users?role=admin'],
    ['page 200 (by name)', '/org-settings/users?page=200'],
    ['newest first', '/org-settings/users?sort=newest'],
  ];
}

async function timeGet(server: Server, url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const page = await getPage(server.baseUrl, url, { cookie });
  const elapsed = performance.now() - started;
  if (page.status !== 200 || !page.html.includes('<h1')) {
    throw new Error(
      `GET ${url} answered ${page.status}${page.location ? ` → ${page.location}` : ''}; expected the users page.`,
    );
  }
  return elapsed;
}

async function measure(label: string, server: Server, groupId: string, seedSeconds: number) {
  const { cookie } = await signIn(server);
  console.log(`\n## ${label}: ${size.toLocaleString('en')} users seeded in ${seedSeconds.toFixed(1)} s`);
  console.log('| Page | median | p95 | bytes |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, url] of urls(groupId)) {
    for (let i = 0; i < 2; i++) await timeGet(server, url, cookie);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await timeGet(server, url, cookie));
    const bytes = (await getPage(server.baseUrl, url, { cookie })).html.length;
    console.log(`| ${name} | ${ms(median(times))} | ${ms(percentile(times, 95))} | ${(bytes / 1024).toFixed(0)} KiB |`);
  }
  const result = await autocannon({
    url: `${server.baseUrl}/org-settings/users`,
    connections: 10,
    duration: 10,
    headers: { cookie },
  });
  console.log(
    `\nFirst page, 10 connections, 10 s: ${result.requests.average.toFixed(1)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx} of ${result.requests.total}`,
  );
}

async function onPglite() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roster-bench-users-'));
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
      seeded = await seedInto(handle);
    } finally {
      await handle.close();
    }
    const server = await startServer({ dataDir });
    try {
      await measure('PGlite', server, seeded.groupId, seeded.seconds);
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
      let seeded;
      try {
        seeded = await seedInto(handle);
      } finally {
        await handle.close();
      }
      await measure('PostgreSQL', server, seeded.groupId, seeded.seconds);
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

console.log(
  `# /org-settings/users over HTTP (Node ${process.version}, ${os.cpus().length} CPUs, ${loadAverage()}, ${new Date().toISOString()})`,
);
if (process.env.BENCH_DATABASE_URL) await onPostgres(process.env.BENCH_DATABASE_URL);
else await onPglite();
