import 'server-only';
import { eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/db';
import { authThrottle } from '@/db/schema';

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function envInt(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number.parseInt(process.env[name] ?? '', 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(Math.max(n, min), max);
}

const DAY_SECONDS = 24 * 3600;

/** Read once at start-up; every instance must run with the same values to share the counters sensibly. */
export const LIMITS = {
  account: {
    freeFailures: envInt('THROTTLE_ACCOUNT_FREE', 10, 0),
    // Capped below 100 s so a locked-out user is never told to wait for minutes.
    maxDelaySeconds: envInt('THROTTLE_ACCOUNT_MAX_DELAY', 64, 1, 99),
    forgetAfterSeconds: DAY_SECONDS,
  },
  ip: { max: envInt('THROTTLE_IP_MAX', 100, 1), windowSeconds: envInt('THROTTLE_IP_WINDOW', 900, 1) },
  resetEmail: { max: envInt('RESET_EMAIL_MAX', 3, 1), windowSeconds: 900 },
  resetIp: { max: envInt('RESET_IP_MAX', 10, 1), windowSeconds: 900 },
} as const;

export type ThrottleScope = 'signin' | 'mfa' | 'pin';

/** Keyed the way users.email is stored, so "Ada@X" and "ada@x" share one counter (user ids pass unchanged). */
const normalizeEmail = (email: string) => email.normalize('NFKC').trim().toLowerCase();

// An IPv4 client seen through a dual-stack socket arrives as ::ffff:a.b.c.d; both spellings are one client.
const normalizeIp = (ip: string) => ip.trim().toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

export function accountKey(scope: ThrottleScope, subject: string): string {
  return `${scope}:acct:${normalizeEmail(subject)}`;
}

export function ipKey(scope: ThrottleScope | 'reset', ip: string | null): string | null {
  const normalized = ip ? normalizeIp(ip) : '';
  return normalized ? `${scope}:ip:${normalized}` : null;
}

const resetEmailKey = (email: string) => `reset:email:${normalizeEmail(email)}`;

type Policy = { kind: 'account' } | { kind: 'window'; max: number; windowSeconds: number };

/** The key says which rule it counts under, so recordFailure needs no extra argument. */
function policyFor(key: string): Policy {
  const [scope, kind] = key.split(':', 2);
  if (kind === 'acct') return { kind: 'account' };
  if (scope === 'reset') return { kind: 'window', ...(kind === 'email' ? LIMITS.resetEmail : LIMITS.resetIp) };
  if (kind === 'ip') return { kind: 'window', ...LIMITS.ip };
  throw new Error(`Unknown throttle key: ${key.slice(0, 32)}`);
}

const ts = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

/** SQL that is true when the stored counter no longer applies at `now` and must start over. */
function expiredSql(policy: Policy, now: Date): SQL {
  if (policy.kind === 'account') {
    return sql`${authThrottle.lastFailureAt} <= ${ts(new Date(now.getTime() - LIMITS.account.forgetAfterSeconds * 1000))}`;
  }
  return sql`${authThrottle.windowStartedAt} <= ${ts(new Date(now.getTime() - policy.windowSeconds * 1000))}`;
}

const waitUntil = (until: number, now: Date): ThrottleDecision => {
  const seconds = Math.ceil((until - now.getTime()) / 1000);
  return seconds > 0 ? { allowed: false, retryAfterSeconds: seconds } : { allowed: true };
};

async function load(db: Executor, key: string) {
  const [row] = await db.select().from(authThrottle).where(eq(authThrottle.key, key));
  return row;
}

/** Before a check: 2^(failures - free) seconds after the last failure once `free` failures are used up. */
export function accountDelaySeconds(failures: number): number {
  const over = failures - LIMITS.account.freeFailures;
  if (over < 0) return 0;
  return Math.min(2 ** Math.min(over, 30), LIMITS.account.maxDelaySeconds);
}

export async function checkAccount(db: Executor, key: string, now = new Date()): Promise<ThrottleDecision> {
  const row = await load(db, key);
  if (!row) return { allowed: true };
  const last = row.lastFailureAt.getTime();
  if (last <= now.getTime() - LIMITS.account.forgetAfterSeconds * 1000) return { allowed: true };
  const delay = accountDelaySeconds(row.failures);
  return delay ? waitUntil(last + delay * 1000, now) : { allowed: true };
}

function windowDecision(row: { failures: number; windowStartedAt: Date } | undefined, max: number, windowSeconds: number, now: Date): ThrottleDecision {
  if (!row) return { allowed: true };
  const ends = row.windowStartedAt.getTime() + windowSeconds * 1000;
  if (ends <= now.getTime() || row.failures < max) return { allowed: true };
  return waitUntil(ends, now);
}

export async function checkIp(db: Executor, key: string | null, now = new Date()): Promise<ThrottleDecision> {
  if (!key) return { allowed: true };
  const policy = policyFor(key);
  if (policy.kind !== 'window') throw new Error('checkIp needs an ip key');
  return windowDecision(await load(db, key), policy.max, policy.windowSeconds, now);
}

/**
 * One statement, so concurrent failures from several instances each count: the row lock taken by
 * ON CONFLICT serialises them, and an expired counter restarts at 1 in the same step.
 */
async function bump(db: Executor, key: string, now: Date, onlyBelow?: number): Promise<boolean> {
  const policy = policyFor(key);
  const expired = expiredSql(policy, now);
  const stamp = ts(now);
  const result = await db
    .insert(authThrottle)
    .values({ key, failures: 1, windowStartedAt: now, lastFailureAt: now })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${authThrottle.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${stamp} ELSE ${authThrottle.windowStartedAt} END`,
        lastFailureAt: stamp,
      },
      setWhere: onlyBelow === undefined ? undefined : sql`(${expired}) OR ${authThrottle.failures} < ${onlyBelow}`,
    })
    .returning({ failures: authThrottle.failures });
  return result.length > 0;
}

export async function recordFailure(db: Executor, key: string | null, now = new Date()): Promise<void> {
  if (key) await bump(db, key, now);
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.delete(authThrottle).where(eq(authThrottle.key, key));
}

class BudgetUsedUp extends Error {}

/**
 * Counts one reset request against the email's and the IP's budget, or neither: a refused request
 * must not eat into the other budget, or one noisy address could starve an innocent inbox.
 */
export async function takeResetAllowance(db: Executor, email: string, ip: string | null, now = new Date()): Promise<boolean> {
  const keys = [resetEmailKey(email), ipKey('reset', ip)].filter((k): k is string => k !== null);
  try {
    await db.transaction(async (tx) => {
      for (const key of keys) {
        const policy = policyFor(key);
        if (policy.kind !== 'window' || !(await bump(tx, key, now, policy.max))) throw new BudgetUsedUp();
      }
    });
    return true;
  } catch (error) {
    if (error instanceof BudgetUsedUp) return false;
    throw error;
  }
}

/** Rows whose counters can no longer block anyone; for a periodic clean-up job. */
export async function pruneThrottle(db: Executor, now = new Date()): Promise<number> {
  const keepSeconds = Math.max(DAY_SECONDS, LIMITS.ip.windowSeconds);
  const cutoff = new Date(now.getTime() - keepSeconds * 1000);
  const gone = await db.delete(authThrottle).where(lt(authThrottle.lastFailureAt, cutoff)).returning({ key: authThrottle.key });
  return gone.length;
}

export function combine(...decisions: ThrottleDecision[]): ThrottleDecision {
  let wait = 0;
  for (const d of decisions) if (!d.allowed) wait = Math.max(wait, d.retryAfterSeconds);
  return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
}
