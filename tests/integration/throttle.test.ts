import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { authThrottle, authThrottleIpAccounts } from '@/db/schema';
import {
  accountKey,
  attemptSucceeded,
  ipKey,
  LIMITS,
  pruneThrottle,
  reserveAttempt,
  takeResetAllowance,
  type AttemptKeys,
} from '@/lib/security/throttle';

import { useTestDatabase } from '../support/database';

useTestDatabase();

const T0 = new Date('2030-01-01T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function reserve(keys: AttemptKeys, when: Date) {
  return reserveAttempt(await getDb(), keys, when);
}

/** `times` attempts at `when`, each expected to be let through. */
async function use(keys: AttemptKeys, times: number, when: Date) {
  for (let i = 0; i < times; i++) expect((await reserve(keys, when)).allowed).toBe(true);
}

async function stored(key: string) {
  const [row] = await (await getDb()).select().from(authThrottle).where(eq(authThrottle.key, key));
  return row;
}

describe('account throttle', () => {
  it('uses the documented defaults', () => {
    expect(LIMITS.account.freeFailures).toBe(10);
    expect(LIMITS.account.maxDelaySeconds).toBe(64);
    expect(LIMITS.ip).toEqual({ max: 100, windowSeconds: 900 });
    expect(LIMITS.ipAccounts).toEqual({ max: 10, windowSeconds: 900 });
  });

  it('lets ten attempts through, then doubles the delay up to the cap', async () => {
    const account = accountKey('signin', 'Progressive@Example.test');
    expect(account).toBe('signin:acct:progressive@example.test');
    await use({ account }, 10, T0);
    // The eleventh attempt has to wait, and waiting is not counted.
    expect(await reserve({ account }, T0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await reserve({ account }, at(0.5))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await stored(account)).failures).toBe(10);

    await use({ account }, 1, at(1));
    expect(await reserve({ account }, at(1))).toEqual({ allowed: false, retryAfterSeconds: 2 });
    await use({ account }, 1, at(3));
    expect(await reserve({ account }, at(3))).toEqual({ allowed: false, retryAfterSeconds: 4 });

    // Far along, the wait stops growing at the cap.
    await (
      await getDb()
    )
      .update(authThrottle)
      .set({ failures: 40, lastFailureAt: at(10) })
      .where(eq(authThrottle.key, account));
    expect(await reserve({ account }, at(10))).toEqual({ allowed: false, retryAfterSeconds: 64 });
    expect(await reserve({ account }, at(40))).toEqual({ allowed: false, retryAfterSeconds: 34 });
    expect((await reserve({ account }, at(74))).allowed).toBe(true);
    expect(await reserve({ account }, at(74))).toEqual({ allowed: false, retryAfterSeconds: 64 });
  });

  it('starts over after a success', async () => {
    const account = accountKey('mfa', '6a1f0c8e-0000-4000-8000-000000000001');
    await use({ account }, 10, T0);
    const last = await reserve({ account }, at(1));
    if (!last.allowed) throw new Error('expected the attempt to be let through');
    expect((await reserve({ account }, at(1))).allowed).toBe(false);
    await attemptSucceeded(await getDb(), last.attempt);
    expect(await stored(account)).toBeUndefined();
    await use({ account }, 10, at(1));
  });

  it('forgets failures older than 24 hours and counts afresh', async () => {
    const account = accountKey('pin', 'forgotten-user');
    await use({ account }, 10, T0);
    expect((await reserve({ account }, T0)).allowed).toBe(false);
    await use({ account }, 1, at(24 * 3600));
    expect((await stored(account)).failures).toBe(1);
  });

  it('lets no more than the free attempts through when they arrive together', async () => {
    const account = accountKey('signin', 'parallel@example.test');
    const results = await Promise.all(
      Array.from({ length: 40 }, () => reserve({ account, ip: ipKey('signin', '192.0.2.40') }, T0)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(LIMITS.account.freeFailures);
    expect(results.filter((r) => !r.allowed).every((r) => !r.allowed && r.retryAfterSeconds === 1)).toBe(true);
    expect((await stored(account)).failures).toBe(LIMITS.account.freeFailures);
    // Refused attempts did not use up the address either.
    expect((await stored('signin:ip:192.0.2.40')).failures).toBe(LIMITS.account.freeFailures);
  });
});

describe('ip throttle', () => {
  it('refuses an address after the window limit until the window ends', async () => {
    const ip = ipKey('signin', '203.0.113.7');
    expect(ip).toBe('signin:ip:203.0.113.7');
    expect(ipKey('signin', '::FFFF:203.0.113.7')).toBe(ip);
    await use({ ip }, 99, T0);
    await use({ ip }, 1, at(10));
    expect(await reserve({ ip }, at(10))).toEqual({ allowed: false, retryAfterSeconds: 890 });
    expect(await reserve({ ip }, at(899))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await stored(ip!)).failures).toBe(100);

    // An attempt after the window opens a new one.
    await use({ ip }, 1, at(900));
    const row = await stored(ip!);
    expect(row.failures).toBe(1);
    expect(row.windowStartedAt.getTime()).toBe(at(900).getTime());
  });

  it('allows attempts without a known address', async () => {
    expect(ipKey('signin', null)).toBeNull();
    expect((await reserve({ ip: null }, T0)).allowed).toBe(true);
    expect((await reserve({}, T0)).allowed).toBe(true);
  });

  it('counts concurrent attempts exactly', async () => {
    const ip = ipKey('mfa', '198.51.100.50')!;
    const results = await Promise.all(Array.from({ length: 120 }, () => reserve({ ip }, T0)));
    expect(results.filter((r) => r.allowed)).toHaveLength(LIMITS.ip.max);
    expect((await stored(ip)).failures).toBe(LIMITS.ip.max);
  });

  it('gives a success its attempt back, and nothing of a newer window', async () => {
    const db = await getDb();
    const ip = ipKey('signin', '198.51.100.51')!;
    await use({ ip }, 5, T0);
    const ok = await reserve({ ip, account: accountKey('signin', 'giveback@example.test') }, at(1));
    if (!ok.allowed) throw new Error('expected the attempt to be let through');
    expect((await stored(ip)).failures).toBe(6);
    await attemptSucceeded(db, ok.attempt);
    expect((await stored(ip)).failures).toBe(5);

    const old = await reserve({ ip }, at(2));
    if (!old.allowed) throw new Error('expected the attempt to be let through');
    await use({ ip }, 1, at(900));
    await attemptSucceeded(db, old.attempt);
    expect((await stored(ip)).failures).toBe(1);
  });

  it('counts nothing when the account refuses, so the address keeps its budget', async () => {
    const ip = ipKey('signin', '198.51.100.52')!;
    const account = accountKey('signin', 'locked@example.test');
    await use({ account }, 10, T0);
    expect((await reserve({ ip, account }, T0)).allowed).toBe(false);
    expect(await stored(ip)).toBeUndefined();
  });
});

describe('distinct accounts per address', () => {
  const person = (i: number) => accountKey('signin', `person${i}@spray.test`);
  const spray = (ip: string, i: number, when: Date) =>
    reserve({ ip: ipKey('signin', ip), account: person(i), accountsPerIp: true }, when);

  it('refuses an eleventh account from one address until the window ends, and no other', async () => {
    const ip = '198.51.100.60';
    for (let i = 0; i < 10; i++) expect((await spray(ip, i, at(i))).allowed).toBe(true);
    expect(await spray(ip, 10, at(60))).toEqual({ allowed: false, retryAfterSeconds: 840 });
    // Accounts already counted may go on (each under its own limit); other addresses are not affected.
    expect((await spray(ip, 3, at(60))).allowed).toBe(true);
    expect((await spray('198.51.100.61', 10, at(60))).allowed).toBe(true);
    // The refusal counted nothing: the address has used 11 attempts, not 12.
    expect((await stored('signin:ip:198.51.100.60')).failures).toBe(11);
    // Places come free as their first failure leaves the window, oldest first.
    expect(await spray(ip, 10, at(899))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await spray(ip, 10, at(900))).allowed).toBe(true);
    expect(await spray(ip, 11, at(900))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await spray(ip, 11, at(910))).allowed).toBe(true);
  });

  it('gives the place back when the password was right', async () => {
    const ip = '198.51.100.62';
    const attempts = [];
    for (let i = 0; i < 10; i++) attempts.push(await spray(ip, i, T0));
    expect((await spray(ip, 10, T0)).allowed).toBe(false);
    const first = attempts[0];
    if (!first.allowed) throw new Error('expected the attempt to be let through');
    await attemptSucceeded(await getDb(), first.attempt);
    expect((await spray(ip, 10, T0)).allowed).toBe(true);
  });

  it('applies only where asked: two-factor and PIN checks count attempts, not accounts', async () => {
    const ip = ipKey('mfa', '198.51.100.63');
    for (let i = 0; i < 15; i++)
      expect((await reserve({ ip, account: accountKey('mfa', `user-${i}`) }, T0)).allowed).toBe(true);
  });

  it('lets no more than ten accounts through when they arrive together', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => spray('198.51.100.64', 100 + i, T0)));
    expect(results.filter((r) => r.allowed)).toHaveLength(LIMITS.ipAccounts.max);
    const places = await (
      await getDb()
    )
      .select()
      .from(authThrottleIpAccounts)
      .where(eq(authThrottleIpAccounts.ipKey, 'signin:ip:198.51.100.64'));
    expect(places).toHaveLength(LIMITS.ipAccounts.max);
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
    const [emailRow] = await db
      .select()
      .from(authThrottle)
      .where(eq(authThrottle.key, 'reset:email:person10@example.test'));
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

describe('clean-up', () => {
  it('prunes counters that can no longer block', async () => {
    const db = await getDb();
    const account = accountKey('signin', 'old@example.test');
    await reserveAttempt(db, { account }, new Date('2000-01-01T00:00:00Z'));
    await reserveAttempt(
      db,
      { ip: ipKey('signin', '192.0.2.99'), account, accountsPerIp: true },
      new Date('2000-01-01T00:00:00Z'),
    );
    expect(await pruneThrottle(db, T0)).toBeGreaterThanOrEqual(2);
    expect(await stored(account)).toBeUndefined();
    expect(
      await db.select().from(authThrottleIpAccounts).where(eq(authThrottleIpAccounts.accountKey, account)),
    ).toHaveLength(0);
  });
});
