/**
 * An idle server's CPU. A production server is started (PGlite, or a fresh database on the
 * PostgreSQL server of BENCH_DATABASE_URL), set up, two pages loaded, then after 10 s of rest
 * the server's CPU time is read over BENCH_WINDOWS (default 3) windows of BENCH_SECONDS (default
 * 60) s, in ms of CPU a second. With the job engine on, that is its polling and its minute jobs;
 * compare `ROSTER_JOBS=off`.
 *
 *   npx tsx --conditions=react-server bench/idle-cpu.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/idle-cpu.ts
 */
import { rmSync } from 'node:fs';

import { benchTempDir, completeSetup, createBenchDatabase, startServer } from './lib/server.mjs';
import { envInt, loadAverage } from './lib/stats.mjs';

const WINDOWS = envInt('BENCH_WINDOWS', 3);
const SECONDS = envInt('BENCH_SECONDS', 60);
const adminUrl = process.env.BENCH_DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Server = { baseUrl: string; cpuMs: () => number | null; stop: () => Promise<void> };

const database: { url: string; drop: () => Promise<void> } | null = adminUrl
  ? await createBenchDatabase(adminUrl)
  : null;
const dataDir = database ? null : benchTempDir('roster-bench-idle-');
let server: Server | undefined;
try {
  server = (await startServer(database ? { databaseUrl: database.url } : { dataDir })) as Server;
  await completeSetup(server);
  for (const path of ['/sign-in', '/settings/profile']) await (await fetch(`${server.baseUrl}${path}`)).text();
  await sleep(10_000);
  const perSecond: string[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    const before = server.cpuMs();
    await sleep(SECONDS * 1000);
    const after = server.cpuMs();
    perSecond.push(before == null || after == null ? 'n/a' : ((after - before) / SECONDS).toFixed(1));
  }
  console.log(
    `${database ? 'PostgreSQL' : 'PGlite'}, ROSTER_JOBS=${process.env.ROSTER_JOBS ?? 'on'}, ${loadAverage()}: ` +
      `idle CPU ms a second over ${WINDOWS} windows of ${SECONDS} s: ${perSecond.join(', ')}`,
  );
} finally {
  await server?.stop();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
