import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, authThrottleIpAccounts } from '@/db/schema';
import { LIMITS } from '@/lib/security/throttle';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

// One password tried on many accounts from one address: each account sees a single failure, so
// only a limit on distinct accounts per address slows it down.

const WRONG = 'The email or password is not correct.';
const OFFICE = '198.51.100.70';
const email = (i: number) => `staff${i}@spray.test`;

beforeAll(async () => {
  const { org } = await createOrgWithUser({ orgName: 'Spray', email: email(0) });
  for (let i = 1; i < 14; i++) await addUser(org.id, { email: email(i) });
});

const signIn = (ip: string, address: string, password: string) =>
  new TestClient(ip).action(signInWithPassword, { email: address, password });

describe('password spraying', () => {
  it('refuses an address that failed ten accounts, says for how long, and leaves other addresses alone', async () => {
    expect(LIMITS.ipAccounts.max).toBe(10);
    for (let i = 0; i < 9; i++) expect((await signIn(OFFICE, email(i), 'Spr4y!Password')).result?.message).toBe(WRONG);
    // Unknown addresses count as accounts too: the attacker's list is not ours.
    expect((await signIn(OFFICE, 'nobody@spray.test', 'Spr4y!Password')).result?.message).toBe(WRONG);

    const refused = await signIn(OFFICE, email(10), 'Spr4y!Password');
    expect(refused.result?.message).toBe('Too many attempts. Wait 15 minutes and try again.');
    // The right password of a new account is not even checked: the answer must not tell.
    const right = await signIn(OFFICE, email(11), STRONG_PASSWORD);
    expect(right.redirect).toBeUndefined();
    expect(right.result?.message).toBe(refused.result?.message);
    const db = await getDb();
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_in_failed'))).toHaveLength(9);

    // Someone whose own failure was counted may still sign in from there; elsewhere everyone may.
    expect((await signIn(OFFICE, email(3), STRONG_PASSWORD)).redirect).toBe('/settings/profile');
    expect((await signIn('203.0.113.70', email(11), STRONG_PASSWORD)).redirect).toBe('/settings/profile');
  });

  it('lets the office in again fifteen minutes after the first failure', async () => {
    // The place given back by the sign-in above goes to the next failure.
    expect((await signIn(OFFICE, email(12), 'Spr4y!Password')).result?.message).toBe(WRONG);
    expect((await signIn(OFFICE, email(13), STRONG_PASSWORD)).redirect).toBeUndefined();
    // Fifteen minutes pass for the stored failures.
    const { firstFailedAt } = authThrottleIpAccounts;
    await (
      await getDb()
    )
      .update(authThrottleIpAccounts)
      .set({ firstFailedAt: sql`${firstFailedAt} - make_interval(secs => ${LIMITS.ipAccounts.windowSeconds})` });
    expect((await signIn(OFFICE, email(13), STRONG_PASSWORD)).redirect).toBe('/settings/profile');
  });
});
