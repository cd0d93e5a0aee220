import 'server-only';

import { and, eq, lt, sql, type SQL } from 'drizzle-orm';

import { rows, type Executor } from '@/db';
import { authThrottle, authThrottleIpAccounts } from '@/db/schema';

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function envInt(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number.parseInt(process.env[name] ?? '', 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(Math.max(n, min), max);
}

const DAY_SECONDS = 24 * 3600;
const ipWindowSeconds = envInt('THROTTLE_IP_WINDOW', 900, 1);

/** Read once at start-up; every instance must run with the same values to share the counters sensibly. */
export const LIMITS = {
  account: {
    freeFailures: envInt('THROTTLE_ACCOUNT_FREE', 10, 0),
    // Capped below 100 s so a locked-out user is never told to wait for minutes.
    maxDelaySeconds: envInt('THROTTLE_ACCOUNT_MAX_DELAY', 64, 1, 99),
    forgetAfterSeconds: DAY_SECONDS,
  },
  ip: { max: envInt('THROTTLE_IP_MAX', 100, 1), windowSeconds: ipWindowSeconds },
  // Distinct accounts one address may fail to sign in to: one password tried on many accounts.
  ipAccounts: { max: envInt('THROTTLE_IP_ACCOUNTS_MAX', 10, 1), windowSeconds: ipWindowSeconds },
  resetEmail: { max: envInt('RESET_EMAIL_MAX', 3, 1), windowSeconds: 900 },
  resetIp: { max: envInt('RESET_IP_MAX', 10, 1), windowSeconds: 900 },
} as const;

export type ThrottleScope = 'signin' | 'mfa' | 'pin';

/** Keyed the way users.email is stored, so "Ada@X" and "ada@x" share one counter (user ids pass unchanged). */
const normalizeEmail = (email: string) => email.normalize('NFKC').trim().toLowerCase();

// An IPv4 client seen through a dual-stack socket arrives as ::ffff:a.b.c.d; both spellings are one client.
const normalizeIp = (ip: string) =>
  ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

export function accountKey(scope: ThrottleScope, subject: string): string {
  return `${scope}:acct:${normalizeEmail(subject)}`;
}

export function ipKey(scope: ThrottleScope | 'reset', ip: string | null): string | null {
  const normalized = ip ? normalizeIp(ip) : '';
  return normalized ? `${scope}:ip:${normalized}` : null;
}

const resetEmailKey = (email: string) => `reset:email:${normalizeEmail(email)}`;

type Policy = { kind: 'account' } | { kind: 'window'; max: number; windowSeconds: number };

/** The key says which rule it counts under, so callers pass nothing but keys. */
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

/** Before an attempt: 2^(failures - free) seconds after the last one once `free` failures are used up. */
export function accountDelaySeconds(failures: number): number {
  const over = failures - LIMITS.account.freeFailures;
  if (over < 0) return 0;
  return Math.min(2 ** Math.min(over, 30), LIMITS.account.maxDelaySeconds);
}

/** accountDelaySeconds in SQL, for the row being updated. */
const accountDelaySql = (): SQL =>
  sql`least(power(2, least(${authThrottle.failures} - ${LIMITS.account.freeFailures}, 30)), ${LIMITS.account.maxDelaySeconds})`;

/** SQL that is true when the stored counter still has room for one more attempt at `now`. */
function roomSql(policy: Policy, now: Date): SQL {
  const expired = expiredSql(policy, now);
  if (policy.kind === 'window') return sql`(${expired}) OR ${authThrottle.failures} < ${policy.max}`;
  return sql`(${expired}) OR ${authThrottle.failures} < ${LIMITS.account.freeFailures}
    OR ${authThrottle.lastFailureAt} <= ${ts(now)} - interval '1 second' * ${accountDelaySql()}`;
}

/** How long the stored counter keeps refusing; at least a second, as it refused just now. */
function retryAfter(
  policy: Policy,
  row: { failures: number; windowStartedAt: Date; lastFailureAt: Date } | undefined,
  now: Date,
): number {
  let decision: ThrottleDecision = { allowed: true };
  if (row && policy.kind === 'window')
    decision = waitUntil(row.windowStartedAt.getTime() + policy.windowSeconds * 1000, now);
  if (row && policy.kind === 'account')
    decision = waitUntil(row.lastFailureAt.getTime() + accountDelaySeconds(row.failures) * 1000, now);
  return decision.allowed ? 1 : decision.retryAfterSeconds;
}

/**
 * Counts one attempt, in one statement, only if the counter has room. The row lock taken by
 * ON CONFLICT serialises concurrent attempts from every instance, and an expired counter restarts
 * at 1 in the same step. Returns the row as counted, or null when it had no room.
 */
async function bump(db: Executor, key: string, now: Date) {
  const policy = policyFor(key);
  const expired = expiredSql(policy, now);
  const stamp = ts(now);
  const [row] = await db
    .insert(authThrottle)
    .values({ key, failures: 1, windowStartedAt: now, lastFailureAt: now })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${authThrottle.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${stamp} ELSE ${authThrottle.windowStartedAt} END`,
        lastFailureAt: stamp,
      },
      setWhere: roomSql(policy, now),
    })
    .returning({ failures: authThrottle.failures, windowStartedAt: authThrottle.windowStartedAt });
  return row ?? null;
}

class Refused extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('throttled');
  }
}

/** Takes one attempt from the counter or throws Refused with the wait; for use inside a transaction. */
async function take(tx: Executor, key: string, now: Date) {
  const row = await bump(tx, key, now);
  if (row) return row;
  const [stored] = await tx.select().from(authThrottle).where(eq(authThrottle.key, key));
  throw new Refused(retryAfter(policyFor(key), stored, now));
}

/**
 * Counts the account against the address's distinct accounts, or throws Refused with the time
 * until the oldest of them leaves the window. An account already counted in the window takes
 * no new place, so someone retrying their own password is not refused for it. Needs the
 * address's auth_throttle row locked by this transaction: that serialises the count and insert.
 */
async function takeAccountPlace(tx: Executor, ip: string, account: string, now: Date): Promise<void> {
  const t = authThrottleIpAccounts;
  const { max, windowSeconds } = LIMITS.ipAccounts;
  const cutoff = ts(new Date(now.getTime() - windowSeconds * 1000));
  const live = sql`${t.ipKey} = ${ip} AND ${t.firstFailedAt} > ${cutoff}`;
  const taken = await rows<{ ip_key: string }>(
    tx,
    sql`INSERT INTO ${t} (ip_key, account_key, first_failed_at)
      SELECT ${ip}, ${account}, ${ts(now)}
      WHERE EXISTS (SELECT 1 FROM ${t} WHERE ${live} AND ${t.accountKey} = ${account})
        OR (SELECT count(*) FROM ${t} WHERE ${live}) < ${max}
      ON CONFLICT (ip_key, account_key) DO UPDATE SET first_failed_at =
        CASE WHEN ${t}.first_failed_at <= ${cutoff} THEN excluded.first_failed_at ELSE ${t}.first_failed_at END
      RETURNING ip_key`,
  );
  if (taken.length) return;
  const [oldest] = await tx
    .select({ at: sql<Date | null>`min(${t.firstFailedAt})`.mapWith(t.firstFailedAt) })
    .from(t)
    .where(live);
  const seconds = oldest?.at ? Math.ceil((oldest.at.getTime() + windowSeconds * 1000 - now.getTime()) / 1000) : 0;
  throw new Refused(Math.max(seconds, 1));
}

/**
 * Keys of one attempt: the account (or user) it is about and the client address, either may be
 * absent. `accountsPerIp` also limits how many distinct accounts the address may fail: for
 * sign-in, where anyone can name any account. The two-factor step only reaches accounts whose
 * password was right, and a PIN check is made by an agent for many callers from one address.
 */
export type AttemptKeys = { account?: string | null; ip?: string | null; accountsPerIp?: boolean };

/** A counted attempt; hand it to attemptSucceeded when the secret was right. */
export type Attempt = { keys: AttemptKeys; ipWindowStartedAt: Date | null };

export type Reservation = { allowed: true; attempt: Attempt } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts an attempt as failed before the secret is checked, so parallel attempts on any number
 * of instances cannot all pass a limit that is read first and counted after. Every counter
 * takes it or none does: a refusal must not use up another budget. Refused attempts are not
 * counted, and their secret must not be checked at all.
 */
export async function reserveAttempt(db: Executor, keys: AttemptKeys, now = new Date()): Promise<Reservation> {
  try {
    return await db.transaction(async (tx): Promise<Reservation> => {
      // Address before account in every transaction that locks both, so two never deadlock.
      const ip = keys.ip ? await take(tx, keys.ip, now) : null;
      if (keys.ip && keys.account && keys.accountsPerIp) await takeAccountPlace(tx, keys.ip, keys.account, now);
      if (keys.account) await take(tx, keys.account, now);
      return { allowed: true, attempt: { keys, ipWindowStartedAt: ip?.windowStartedAt ?? null } };
    });
  } catch (error) {
    if (error instanceof Refused) return { allowed: false, retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }
}

/**
 * The secret was right: the account starts over and no longer counts among the address's failed
 * accounts, and the address gets its attempt back (unless its window has restarted since), so
 * people who sign in do not use up a shared office address.
 */
export async function attemptSucceeded(db: Executor, attempt: Attempt): Promise<void> {
  const { ip, account } = attempt.keys;
  await db.transaction(async (tx) => {
    // Same lock order as reserveAttempt: address, its accounts, account.
    if (ip && attempt.ipWindowStartedAt) {
      await tx
        .update(authThrottle)
        .set({ failures: sql`greatest(${authThrottle.failures} - 1, 0)` })
        .where(and(eq(authThrottle.key, ip), eq(authThrottle.windowStartedAt, attempt.ipWindowStartedAt)));
    }
    if (ip && account && attempt.keys.accountsPerIp) {
      await tx
        .delete(authThrottleIpAccounts)
        .where(and(eq(authThrottleIpAccounts.ipKey, ip), eq(authThrottleIpAccounts.accountKey, account)));
    }
    if (account) await tx.delete(authThrottle).where(eq(authThrottle.key, account));
  });
}

class BudgetUsedUp extends Error {}

/**
 * Counts one reset request against the email's and the IP's budget, or neither: a refused request
 * must not eat into the other budget, or one noisy address could starve an innocent inbox.
 */
export async function takeResetAllowance(
  db: Executor,
  email: string,
  ip: string | null,
  now = new Date(),
): Promise<boolean> {
  const keys = [resetEmailKey(email), ipKey('reset', ip)].filter((k): k is string => k !== null);
  try {
    await db.transaction(async (tx) => {
      for (const key of keys) if (!(await bump(tx, key, now))) throw new BudgetUsedUp();
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
  const gone = await db
    .delete(authThrottle)
    .where(lt(authThrottle.lastFailureAt, cutoff))
    .returning({ key: authThrottle.key });
  const accountsCutoff = new Date(now.getTime() - LIMITS.ipAccounts.windowSeconds * 1000);
  const places = await db
    .delete(authThrottleIpAccounts)
    .where(lt(authThrottleIpAccounts.firstFailedAt, accountsCutoff))
    .returning({ key: authThrottleIpAccounts.ipKey });
  return gone.length + places.length;
}
