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
 * Counts one request under `key` in a fixed window, in one upsert: a window that has ended starts
 * again at 1. Held in the database, so every instance of the app counts the same requests.
 */
export async function countRequest(
  db: Db,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date = new Date(),
): Promise<RateVerdict> {
  const windowStart = new Date(now.getTime() - windowSeconds * 1000);
  const expired = sql`${apiRateLimits.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(apiRateLimits)
    .values({ key, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: apiRateLimits.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${apiRateLimits.count} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${now.toISOString()}::timestamptz ELSE ${apiRateLimits.windowStartedAt} END`,
      },
    })
    .returning({ count: apiRateLimits.count, windowStartedAt: apiRateLimits.windowStartedAt });
  // Now and then, forget counters whose window ended long ago (addresses seen once, old tokens).
  if (Math.random() < SWEEP_PROBABILITY) {
    const stale = new Date(windowStart.getTime() - 3_600_000);
    await db.delete(apiRateLimits).where(lt(apiRateLimits.windowStartedAt, stale));
  }
  if (row.count <= limit) return { allowed: true };
  const endsAt = row.windowStartedAt.getTime() + windowSeconds * 1000;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) };
}
