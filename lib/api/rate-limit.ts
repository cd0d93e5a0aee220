import 'server-only';

import { lt, sql, type SQL } from 'drizzle-orm';

import { statement, type Db } from '@/db';
import { apiRateLimits } from '@/db/schema';

/** Requests per window, per token and per client address; set by environment variables. */
export type RateLimits = { perToken: number; perAddress: number; windowSeconds: number };

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** `API_RATE_LIMIT_PER_TOKEN` (600), `API_RATE_LIMIT_PER_ADDRESS` (1200), `API_RATE_LIMIT_WINDOW_SECONDS` (60). */
export function rateLimits(env: Record<string, string | undefined> = process.env): RateLimits {
  return {
    perToken: positive(env.API_RATE_LIMIT_PER_TOKEN, 600),
    perAddress: positive(env.API_RATE_LIMIT_PER_ADDRESS, 1200),
    windowSeconds: positive(env.API_RATE_LIMIT_WINDOW_SECONDS, 60),
  };
}

/** About one request in a thousand also deletes the stale counters. */
export const SWEEP_PROBABILITY = 0.001;

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateCounter = { key: string; limit: number };

/**
 * The upsert that counts one request under each key in a fixed window (a window that has ended
 * starts again at 1), as the common table `counted` (key, count, window start). Its values are the
 * placeholders `keys` (a JSON array of strings), `now` and `windowStart` (`countingValues`). Alone
 * (`countRequests`) or as the first part of the API's token lookup (`countAndAuthenticate`), so
 * that a request costs one round trip. Held in the database, so every instance of the app counts
 * the same requests; the table is unlogged (migration 0012): counters are not worth a disk flush
 * per request, and after a crash they start again from zero.
 */
export function countedCte(): SQL {
  const expired = sql`${apiRateLimits.windowStartedAt} <= ${sql.placeholder('windowStart')}::timestamptz`;
  return sql`counted as (
    insert into ${apiRateLimits} (${sql.identifier('key')}, ${sql.identifier('count')}, ${sql.identifier('window_started_at')})
    select key, 1, ${sql.placeholder('now')}::timestamptz from json_array_elements_text(${sql.placeholder('keys')}::json) as key
    on conflict (${sql.identifier('key')}) do update set
      ${sql.identifier('count')} = case when ${expired} then 1 else ${apiRateLimits.count} + 1 end,
      ${sql.identifier('window_started_at')} = case when ${expired} then ${sql.placeholder('now')}::timestamptz else ${apiRateLimits.windowStartedAt} end
    returning ${apiRateLimits.key}, ${apiRateLimits.count}, ${apiRateLimits.windowStartedAt})`;
}

/** The placeholders' values of `countedCte`. */
export function countingValues(keys: readonly string[], windowSeconds: number, now: Date) {
  return {
    keys: JSON.stringify(keys),
    now: now.toISOString(),
    windowStart: new Date(now.getTime() - windowSeconds * 1000).toISOString(),
  };
}

/** `counted` as one JSON text of [key, count, window start in epoch milliseconds] triples. */
export const countedJson = sql`(select json_agg(json_build_array(key, count, (extract(epoch from window_started_at) * 1000)::float8)) from counted)::text`;

/** The rows of `countedJson`. */
export function parseCounted(json: string | null): { key: string; count: number; windowStartedAt: Date }[] {
  const triples = JSON.parse(json ?? '[]') as [string, number, number][];
  return triples.map(([key, count, startedMs]) => ({ key, count, windowStartedAt: new Date(startedMs) }));
}

/** Refused when any key is over its limit, for as long as the longest wait. */
export function rateVerdict(
  counted: ReadonlyArray<{ key: string; count: number; windowStartedAt: Date }>,
  counters: readonly RateCounter[],
  windowSeconds: number,
  now: Date,
): RateVerdict {
  let wait = 0;
  for (const row of counted) {
    const limit = counters.find((c) => c.key === row.key)?.limit ?? Infinity;
    if (row.count <= limit) continue;
    const endsAt = row.windowStartedAt.getTime() + windowSeconds * 1000;
    wait = Math.max(wait, Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)));
  }
  return wait ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
}

/** Now and then (`SWEEP_PROBABILITY`), forgets counters whose window ended long ago (addresses seen once, old tokens). */
export async function sweepStaleCounters(db: Db, windowSeconds: number, now: Date): Promise<void> {
  if (Math.random() >= SWEEP_PROBABILITY) return;
  const stale = new Date(now.getTime() - windowSeconds * 1000 - 3_600_000);
  await db.delete(apiRateLimits).where(lt(apiRateLimits.windowStartedAt, stale));
}

const countStatement = statement<{ counted: string | null }, ReturnType<typeof countingValues>>(
  () => sql`with ${countedCte()} select ${countedJson} as "counted"`,
);

/** Counts one request under each key (`countedCte`) and gives the verdict. */
export async function countRequests(
  db: Db,
  counters: readonly RateCounter[],
  windowSeconds: number,
  now: Date = new Date(),
): Promise<RateVerdict> {
  const keys = counters.map((c) => c.key);
  const [row] = await countStatement(db, countingValues(keys, windowSeconds, now));
  await sweepStaleCounters(db, windowSeconds, now);
  return rateVerdict(parseCounted(row.counted), counters, windowSeconds, now);
}

/** One counter: `countRequests` with a single key. */
export function countRequest(
  db: Db,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date = new Date(),
): Promise<RateVerdict> {
  return countRequests(db, [{ key, limit }], windowSeconds, now);
}
