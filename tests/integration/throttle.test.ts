import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { authThrottle } from '@/db/schema';
import {
  LIMITS,
  accountKey,
  checkAccount,
  checkIp,
  clearFailures,
  combine,
  ipKey,
  pruneThrottle,
  recordFailure,
  takeResetAllowance,
} from '@/lib/security/throttle';
import { useTestDatabase } from '../support/database';

useTestDatabase();

const T0 = new Date('2030-01-01T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function fail(key: string, times: number, when: Date) {
  const db = await getDb();
  for (let i = 0; i < times; i++) await recordFailure(db, key, when);
}

describe('account throttle', () => {
  it('uses the documented defaults', () => {
    expect(LIMITS.account.freeFailures).toBe(10);
    expect(LIMITS.account.maxDelaySeconds).toBe(64);
    expect(LIMITS.ip).toEqual({ max: 100, windowSeconds: 900 });
  });

  it('lets ten failures through, then doubles the delay up to the cap', async () => {
    const db = await getDb();
    const key = accountKey('signin', 'Progressive@Example.test');
    expect(key).toBe('signin:acct:progressive@example.test');
    for (let i = 0; i < 10; i++) {
      expect(await checkAccount(db, key, T0)).toEqual({ allowed: true });
      await recordFailure(db, key, T0);
    }
    // The eleventh attempt has to wait.
    expect(await checkAccount(db, key, T0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await checkAccount(db, key, at(1))).toEqual({ allowed: true });

    await recordFailure(db, key, at(1));
    expect(await checkAccount(db, key, at(1))).toEqual({ allowed: false, retryAfterSeconds: 2 });
    await recordFailure(db, key, at(3));
    expect(await checkAccount(db, key, at(3))).toEqual({ allowed: false, retryAfterSeconds: 4 });

    await fail(key, 20, at(10));
    expect(await checkAccount(db, key, at(10))).toEqual({ allowed: false, retryAfterSeconds: 64 });
    expect(await checkAccount(db, key, at(40))).toEqual({ allowed: false, retryAfterSeconds: 34 });
    expect(await checkAccount(db, key, at(74))).toEqual({ allowed: true });
  });

  it('starts over after clearFailures', async () => {
    const db = await getDb();
    const key = accountKey('mfa', '6a1f0c8e-0000-4000-8000-000000000001');
    await fail(key, 12, T0);
    expect((await checkAccount(db, key, T0)).allowed).toBe(false);
    await clearFailures(db, key);
    expect(await checkAccount(db, key, T0)).toEqual({ allowed: true });
  });

  it('forgets failures older than 24 hours and counts afresh', async () => {
    const db = await getDb();
    const key = accountKey('pin', 'forgotten-user');
    await fail(key, 15, T0);
    expect((await checkAccount(db, key, at(10))).allowed).toBe(false);
    const nextDay = at(24 * 3600);
    expect(await checkAccount(db, key, nextDay)).toEqual({ allowed: true });
    await recordFailure(db, key, nextDay);
    const [row] = await db.select().from(authThrottle).where(eq(authThrottle.key, key));
    expect(row.failures).toBe(1);
    expect(await checkAccount(db, key, nextDay)).toEqual({ allowed: true });
  });
});

describe('ip throttle', () => {
  it('blocks an address after the window limit until the window ends', async () => {
    const db = await getDb();
    const key = ipKey('signin', '203.0.113.7');
    expect(key).toBe('signin:ip:203.0.113.7');
    expect(ipKey('signin', '::FFFF:203.0.113.7')).toBe(key);
    await fail(key!, 99, T0);
    expect(await checkIp(db, key, at(10))).toEqual({ allowed: true });
    await recordFailure(db, key, at(10));
    expect(await checkIp(db, key, at(10))).toEqual({ allowed: false, retryAfterSeconds: 890 });
    expect(await checkIp(db, key, at(899))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await checkIp(db, key, at(900))).toEqual({ allowed: true });

    // A failure after the window opens a new one.
    await recordFailure(db, key, at(901));
    const [row] = await db.select().from(authThrottle).where(eq(authThrottle.key, key!));
    expect(row.failures).toBe(1);
    expect(row.windowStartedAt.getTime()).toBe(at(901).getTime());
  });

  it('allows requests without a known address', async () => {
    const db = await getDb();
    expect(ipKey('signin', null)).toBeNull();
    expect(await checkIp(db, null)).toEqual({ allowed: true });
    await expect(recordFailure(db, null)).resolves.toBeUndefined();
  });

  it('counts concurrent failures exactly', async () => {
    const db = await getDb();
    const key = ipKey('mfa', '198.51.100.50')!;
    await Promise.all(Array.from({ length: 50 }, () => recordFailure(db, key, T0)));
    const [row] = await db.select().from(authThrottle).where(eq(authThrottle.key, key));
    expect(row.failures).toBe(50);
  });
});

describe('password reset allowance', () => {
  it('allows three requests per email, then refuses without counting', async () => {
    const db = await getDb();
    for (let i = 0; i < 3; i++) expect(await takeResetAllowance(db, 'Reset@Example.test', '192.0.2.1', T0)).toBe(true);
    expect(await takeResetAllowance(db, 'reset@example.test', '192.0.2.1', T0)).toBe(false);
    const [ipRow] = await db.select().from(authThrottle).where(eq(authThrottle.key, 'reset:ip:192.0.2.1'));
    expect(ipRow.failures).toBe(3);
    expect(await takeResetAllowance(db, 'reset@example.test', '192.0.2.1', at(900))).toBe(true);
  });

  it('shares one budget of ten between all emails from an address', async () => {
    const db = await getDb();
    const ip = '192.0.2.2';
    for (let i = 0; i < 10; i++) expect(await takeResetAllowance(db, `person${i}@example.test`, ip, T0)).toBe(true);
    expect(await takeResetAllowance(db, 'person10@example.test', ip, T0)).toBe(false);
    // The refused request did not use up that email's own budget.
    const [emailRow] = await db.select().from(authThrottle).where(eq(authThrottle.key, 'reset:email:person10@example.test'));
    expect(emailRow).toBeUndefined();
    expect(await takeResetAllowance(db, 'person10@example.test', '192.0.2.3', T0)).toBe(true);
  });

  it('works inside a caller transaction', async () => {
    const db = await getDb();
    const results = await db.transaction(async (tx) => {
      const out: boolean[] = [];
      for (let i = 0; i < 4; i++) out.push(await takeResetAllowance(tx, 'tx@example.test', null, T0));
      return out;
    });
    expect(results).toEqual([true, true, true, false]);
  });
});

describe('helpers', () => {
  it('combine lets the longest wait win', () => {
    expect(combine()).toEqual({ allowed: true });
    expect(combine({ allowed: true }, { allowed: true })).toEqual({ allowed: true });
    expect(combine({ allowed: false, retryAfterSeconds: 4 }, { allowed: true }, { allowed: false, retryAfterSeconds: 30 })).toEqual({
      allowed: false,
      retryAfterSeconds: 30,
    });
  });

  it('prunes counters that can no longer block', async () => {
    const db = await getDb();
    const key = accountKey('signin', 'old@example.test');
    await recordFailure(db, key, new Date('2000-01-01T00:00:00Z'));
    expect(await pruneThrottle(db, T0)).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(authThrottle).where(eq(authThrottle.key, key))).toHaveLength(0);
  });
});
