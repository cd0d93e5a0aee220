import 'server-only';

import { lt, sql } from 'drizzle-orm';

import type { Db } from '@/db';
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

/**
 * Counts one request under each key in a fixed window, in one upsert for all of them: a window
 * that has ended starts again at 1. Held in the database, so every instance of the app counts the
 * same requests. Refused when any key is over its limit, for as long as the longest wait.
 */
export async function countRequests(
  db: Db,
  counters: ReadonlyArray<{ key: string; limit: number }>,
  windowSeconds: number,
  now: Date = new Date(),
): Promise<RateVerdict> {
  const windowStart = new Date(now.getTime() - windowSeconds * 1000);
  const expired = sql`${apiRateLimits.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz`;
  const rows = await db
    .insert(apiRateLimits)
    .values(counters.map(({ key }) => ({ key, count: 1, windowStartedAt: now })))
    .onConflictDoUpdate({
      target: apiRateLimits.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${apiRateLimits.count} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${now.toISOString()}::timestamptz ELSE ${apiRateLimits.windowStartedAt} END`,
      },
    })
    .returning({ key: apiRateLimits.key, count: apiRateLimits.count, windowStartedAt: apiRateLimits.windowStartedAt });
  // Now and then, forget counters whose window ended long ago (addresses seen once, old tokens).
  if (Math.random() < SWEEP_PROBABILITY) {
    const stale = new Date(windowStart.getTime() - 3_600_000);
    await db.delete(apiRateLimits).where(lt(apiRateLimits.windowStartedAt, stale));
  }
  let wait = 0;
  for (const row of rows) {
    const limit = counters.find((c) => c.key === row.key)?.limit ?? Infinity;
    if (row.count <= limit) continue;
    const endsAt = row.windowStartedAt.getTime() + windowSeconds * 1000;
    wait = Math.max(wait, Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)));
  }
  return wait ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
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
