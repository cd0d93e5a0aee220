#!/usr/bin/env node
/**
 * Load on a signed-in page: GET /settings/profile with a session cookie (each request checks the
 * session row in the database). `npm run build` first.
 *
 *   npm run bench:profile
 *   BENCH_CONNECTIONS=10 BENCH_DURATION=20           (defaults)
 *   BENCH_DATABASE_URL=postgres://127.0.0.1:5432/postgres   also run on a fresh PostgreSQL database
 *   BENCH_URL=http://127.0.0.1:3000                  use a running server instead of starting one
 */
import os from 'node:os';
import autocannon from 'autocannon';

import { getPage } from './lib/forms.mjs';
import { withSignedInServer } from './lib/server.mjs';
import { envInt, loadAverage } from './lib/stats.mjs';

const connections = envInt('BENCH_CONNECTIONS', 10);
const duration = envInt('BENCH_DURATION', 20);
const PATH = '/settings/profile';

async function run(label, options) {
  return withSignedInServer(options, async ({ server, cookie }) => {
    const first = await getPage(server.baseUrl, PATH, { cookie });
    if (first.status !== 200 || !first.html.includes('Profile')) {
      throw new Error(
        `GET ${PATH} with the cookie answered ${first.status}${first.location ? ` → ${first.location}` : ''}; expected the profile page.`,
      );
    }
    // Warm-up, not counted.
    await autocannon({ url: `${server.baseUrl}${PATH}`, connections, duration: 3, headers: { cookie } });
    const result = await autocannon({
      url: `${server.baseUrl}${PATH}`,
      connections,
      duration,
      headers: { cookie },
    });
    const row = {
      database: label,
      'req/s (avg)': Math.round(result.requests.average * 10) / 10,
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      'server RSS MB': server.rssMb ? server.rssMb() : null,
    };
    console.log(
      `${label}: ${row['req/s (avg)']} req/s, p50 ${row['p50 ms']} ms, p99 ${row['p99 ms']} ms, ` +
        `${row.requests} requests, non-2xx ${row.non2xx}, errors ${row.errors}, timeouts ${row.timeouts}, ` +
        `server RSS ${row['server RSS MB'] ?? 'n/a'} MB`,
    );
    return row;
  });
}

console.log(
  `GET ${PATH}, signed in: ${connections} connections, ${duration} s ` +
    `(Node ${process.version}, ${os.cpus().length} CPUs, ROSTER_JOBS=${process.env.ROSTER_JOBS ?? 'on'}, ${loadAverage()}, ${new Date().toISOString()})`,
);

const rows = [await run(process.env.BENCH_URL ? 'existing server' : 'PGlite', {})];
if (process.env.BENCH_DATABASE_URL && !process.env.BENCH_URL) {
  rows.push(await run('PostgreSQL', { adminUrl: process.env.BENCH_DATABASE_URL }));
}
console.table(rows);
if (rows.some((r) => r.non2xx > 0 || r.errors > 0)) process.exitCode = 1;
