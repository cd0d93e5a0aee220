#!/usr/bin/env node
/**
 * Sign-in latency (one argon2id verification each), then a burst of concurrent sign-ins while
 * GET /api/health is timed alongside: argon2 runs on the libuv threadpool, so the event loop
 * keeps answering. `npm run build` first.
 *
 *   npm run bench:sign-in
 *   BENCH_SIGN_INS=50 BENCH_CONCURRENCY=20   (defaults)
 *   BENCH_DATABASE_URL=postgres://127.0.0.1:5432/postgres   also run on a fresh PostgreSQL database
 *   BENCH_URL=http://127.0.0.1:3000          use a running server (BENCH_EMAIL / BENCH_PASSWORD)
 */
import os from 'node:os';

import { postSignIn, prepareSignIn, withSignedInServer } from './lib/server.mjs';
import { envInt, loadAverage, mean, ms, percentile, since } from './lib/stats.mjs';

const sequentialCount = envInt('BENCH_SIGN_INS', 50);
const concurrency = envInt('BENCH_CONCURRENCY', 20);
const MAX_HEALTH_SAMPLES = 20_000;

const sleep = (t) => new Promise((resolve) => setTimeout(resolve, t));

async function timeHealth(baseUrl) {
  const start = process.hrtime.bigint();
  const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) });
  await response.text();
  if (!response.ok) throw new Error(`/api/health answered ${response.status}`);
  return since(start);
}

function summary(values) {
  return `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, mean ${ms(mean(values))}, max ${ms(Math.max(...values))} (n=${values.length})`;
}

console.log(
  `Sign-in: ${sequentialCount} sequential, then ${concurrency} concurrent ` +
    `(Node ${process.version}, ${os.cpus().length} CPUs, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 'default'}, ROSTER_JOBS=${process.env.ROSTER_JOBS ?? 'on'}, ${loadAverage()}, ${new Date().toISOString()})`,
);

async function run(label, options) {
  console.log(`\n== ${label}`);
  await withSignedInServer(options, async ({ server }) => {
    // Warm-up: the first sign-in compiles and caches code paths.
    await postSignIn(server, await prepareSignIn(server));

    const sequential = [];
    for (let i = 0; i < sequentialCount; i++) {
      const entries = await prepareSignIn(server); // not timed
      sequential.push((await postSignIn(server, entries)).ms);
    }
    console.log(`Sequential sign-in POST: ${summary(sequential)}`);

    const idleHealth = [];
    for (let i = 0; i < 50; i++) idleHealth.push(await timeHealth(server.baseUrl));
    console.log(`GET /api/health, idle: ${summary(idleHealth)}`);

    const prepared = [];
    for (let i = 0; i < concurrency; i++) prepared.push(await prepareSignIn(server));

    let done = false;
    const busyHealth = [];
    const prober = (async () => {
      while (!done && busyHealth.length < MAX_HEALTH_SAMPLES) {
        busyHealth.push(await timeHealth(server.baseUrl));
        await sleep(5);
      }
    })();
    const burstStart = process.hrtime.bigint();
    let burst;
    try {
      burst = await Promise.all(prepared.map((entries) => postSignIn(server, entries)));
    } finally {
      done = true;
      await prober;
    }
    const wall = since(burstStart);
    const burstMs = burst.map((r) => r.ms);
    console.log(`${concurrency} concurrent sign-in POSTs: all done in ${ms(wall)}; each ${summary(burstMs)}`);
    console.log(`GET /api/health during the burst: ${summary(busyHealth)}`);
  });
}

await run(process.env.BENCH_URL ? 'existing server' : 'PGlite', {});
if (process.env.BENCH_DATABASE_URL && !process.env.BENCH_URL) {
  await run('PostgreSQL', { adminUrl: process.env.BENCH_DATABASE_URL });
}
