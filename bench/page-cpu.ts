/**
 * Server CPU per request of any pages, on one production server (PostgreSQL, a fresh database):
 * to see what a page costs above the frame it shares with others, e.g. a 404 page (the root layout
 * alone) against a signed-in settings page. Each path: autocannon, 10 connections, a 3 s warm-up,
 * then BENCH_DURATION (default 10) s; the server's CPU time over that run divided by the requests.
 *
 *   BENCH_PUBLIC_PATHS=/api/health,/nope,/sign-in BENCH_PATHS=/settings/devices,/settings/profile \
 *     npx tsx --conditions=react-server bench/page-cpu.ts
 *
 * BENCH_PUBLIC_PATHS are requested without a cookie, BENCH_PATHS with the owner's session.
 * BENCH_ROUNDS (default 1) goes over the whole list that many times, so that pages alternate;
 * BENCH_USERS (default 0) seeds that many people into the organization first (a users page of
 * 50 rows needs 50).
 */
import autocannon from 'autocannon';

import { openPostgres } from '@/db';

import { seedSetUpOrganization } from './lib/seed-users';
import { withSignedInServer } from './lib/server.mjs';
import { envInt, loadAverage } from './lib/stats.mjs';

const DURATION = envInt('BENCH_DURATION', 10);
const ROUNDS = envInt('BENCH_ROUNDS', 1);
const USERS = envInt('BENCH_USERS', 0);
const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const list = (value: string | undefined) => (value ?? '').split(',').filter(Boolean);
const pages = [
  ...list(process.env.BENCH_PUBLIC_PATHS).map((path) => ({ path, signedIn: false })),
  ...list(process.env.BENCH_PATHS ?? '/settings/profile').map((path) => ({ path, signedIn: true })),
];

type Server = { baseUrl: string; cpuMs: () => number | null };
type Result = { requests: { total: number }; non2xx: number; errors: number };

const run = (url: string, headers: Record<string, string>, duration: number) =>
  new Promise<Result>((resolve, reject) =>
    autocannon({ url, connections: 10, duration, headers }, (error: Error | null, result: Result) =>
      error ? reject(error) : resolve(result),
    ),
  );

/** The people of BENCH_USERS, added to the organization that setup made. */
async function seed(databaseUrl: string | undefined) {
  if (USERS === 0) return;
  if (!databaseUrl) throw new Error('BENCH_USERS needs a database of its own (not BENCH_URL).');
  const handle = await openPostgres(databaseUrl, 2);
  try {
    const seeded = await seedSetUpOrganization(handle, USERS);
    console.log(`${USERS} users seeded in ${seeded.seconds.toFixed(1)} s`);
  } finally {
    await handle.close();
  }
}

console.log(`${loadAverage()}; ${DURATION} s a page after 3 s of warm-up, 10 connections, ${ROUNDS} round(s)`);
await withSignedInServer(
  { adminUrl: process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES },
  async ({ server, cookie, database }: { server: Server; cookie: string; database: { url: string } | null }) => {
    await seed(database?.url);
    console.log('| Page | signed in | CPU ms/req | req/s | non-2xx | HTML KB |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    for (let round = 0; round < ROUNDS; round++) {
      for (const page of pages) {
        const url = `${server.baseUrl}${page.path}`;
        const headers: Record<string, string> = page.signedIn ? { cookie } : {};
        await run(url, headers, 3);
        const before = server.cpuMs() ?? 0;
        const result = await run(url, headers, DURATION);
        const cpu = ((server.cpuMs() ?? 0) - before) / result.requests.total;
        const html = await (await fetch(url, { headers, redirect: 'manual' })).text();
        const cells = [
          page.path,
          page.signedIn ? 'yes' : 'no',
          cpu.toFixed(1),
          (result.requests.total / DURATION).toFixed(0),
          String(result.non2xx + result.errors),
          (Buffer.byteLength(html) / 1000).toFixed(1),
        ];
        console.log(`| ${cells.join(' | ')} |`);
      }
    }
  },
);
