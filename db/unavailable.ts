import { sql } from 'drizzle-orm';

/**
 * Errors that mean the database is out of reach (down, restarting, the network cut), not that the
 * request was wrong: a node socket error, a postgres.js connection error, a PostgreSQL shutdown
 * (57P01 admin, 57P02 crash, 57P03 starting up), a connection exception (class 08), too many
 * connections (53300), or a closed embedded database. Drizzle and AggregateError (one per
 * address tried) wrap the original, so causes are followed.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** The error in `error`'s chain that says the database is out of reach, or null. */
export function databaseUnavailableCause(error: unknown, depth = 0): Error | null {
  if (!error || typeof error !== 'object' || depth > 8) return null;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return error as Error;
  if (typeof message === 'string' && /^PGlite is clos(ed|ing)$/.test(message)) return error as Error;
  for (const inner of Array.isArray(errors) ? errors : []) {
    const found = databaseUnavailableCause(inner, depth + 1);
    if (found) return found;
  }
  return databaseUnavailableCause(cause, depth + 1);
}

export const isDatabaseUnavailable = (error: unknown): boolean => databaseUnavailableCause(error) !== null;

/** Throws unless the database answers a trivial query (the health check). */
export async function pingDatabase(db: {
  execute: (query: ReturnType<typeof sql>) => Promise<unknown>;
}): Promise<void> {
  await db.execute(sql`select 1`);
}
