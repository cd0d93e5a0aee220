import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { changePassword } from '@/app/(account)/settings/security/password-actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { verifyMfa } from '@/app/sign-in/mfa/actions';
import { getDb } from '@/db';
import { auditLog, users } from '@/db/schema';
import { BACKUP_CODE_ALPHABET } from '@/lib/security/backup-codes';
import { hashPin, verifyUserPin } from '@/lib/security/pin';
import { LIMITS } from '@/lib/security/throttle';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

// Attempts that arrive together must not all be checked before the first failure is counted:
// the limit is taken in the database before the secret is checked.

const TOO_MANY = /^Too many attempts\. Wait \d+ seconds? and try again\.$/;
let orgId: string;
let agentId: string;

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Parallel', email: 'agent@parallel.test', role: 'admin' });
  orgId = org.id;
  agentId = user.id;
});

async function audited(action: string, userId: string): Promise<number> {
  const rows = await (
    await getDb()
  )
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, userId)));
  return rows.length;
}

describe('parallel attempts', () => {
  // Each burst is judged at one moment. An account's wait after its free failures starts at one
  // second, so on a machine slow enough to spread a burst over more than a second, one more
  // attempt is let through on time: the rule, not a race. With the clock standing still while the
  // attempts run, only the limit counts.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks no more than the free password attempts of 40 sent at once from two addresses', async () => {
    const victim = await addUser(orgId, { email: 'victim@parallel.test' });
    const clients = [new TestClient('198.51.100.31'), new TestClient('203.0.113.31')];
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        clients[i % 2].action(signInWithPassword, { email: 'victim@parallel.test', password: `Wr0ng!guess-${i}` }),
      ),
    );
    const wrong = outcomes.filter((o) => o.result?.message === 'The email or password is not correct.');
    const refused = outcomes.filter((o) => TOO_MANY.test(o.result?.message ?? ''));
    expect(wrong.length + refused.length).toBe(40);
    expect(wrong.length).toBeLessThanOrEqual(LIMITS.account.freeFailures);
    expect(await audited('auth.sign_in_failed', victim.id)).toBe(wrong.length);
    expect(wrong.length).toBe(LIMITS.account.freeFailures);
  });

  it('checks no more than the free two-factor codes of 40 sent at once', async () => {
    const user = await addUser(orgId, { email: 'mfa@parallel.test' });
    await (await getDb()).update(users).set({ mfaEnabled: true }).where(eq(users.id, user.id));
    const browser = new TestClient('198.51.100.32');
    const signedIn = await browser.action(signInWithPassword, {
      email: 'mfa@parallel.test',
      password: STRONG_PASSWORD,
    });
    expect(signedIn.redirect).toMatch(/^\/sign-in\/mfa/);
    // Shaped like backup codes, so each is looked up in the database.
    const codes = Array.from(
      { length: 40 },
      (_, i) => `abcde-fg${BACKUP_CODE_ALPHABET[i % 32]}${BACKUP_CODE_ALPHABET[Math.floor(i / 32)]}h`,
    );
    const outcomes = await Promise.all(codes.map((code) => browser.action(verifyMfa, { code })));
    const refused = outcomes.filter((o) => TOO_MANY.test(o.result?.message ?? ''));
    const checked = await audited('auth.mfa_failed', user.id);
    expect(checked).toBe(LIMITS.account.freeFailures);
    expect(refused).toHaveLength(40 - checked);
  });

  it('checks no more than the free password confirmations of 20 sent at once', async () => {
    await addUser(orgId, { email: 'confirm@parallel.test' });
    const browser = new TestClient('198.51.100.33');
    expect(
      (await browser.action(signInWithPassword, { email: 'confirm@parallel.test', password: STRONG_PASSWORD }))
        .redirect,
    ).toBe('/settings/profile');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        browser.action(changePassword, {
          currentPassword: `Wr0ng!guess-${i}`,
          newPassword: 'An0ther!Secret-pw',
          confirmNewPassword: 'An0ther!Secret-pw',
        }),
      ),
    );
    const refused = outcomes.filter((o) => TOO_MANY.test(o.result?.message ?? ''));
    expect(refused).toHaveLength(20 - LIMITS.account.freeFailures);
  });

  it('checks no more PINs from one address than its limit, however many arrive at once', async () => {
    const db = await getDb();
    const pinHash = await hashPin('480719');
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) => addUser(orgId, { email: `pin${i}@parallel.test` })),
    );
    for (const person of people) await db.update(users).set({ pinHash }).where(eq(users.id, person.id));
    // Six each: nobody reaches the per-user lock, only the address runs out.
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        verifyUserPin(db, {
          orgId,
          userId: people[i % 20].id,
          pin: '480718',
          actorUserId: agentId,
          meta: { ip: '198.51.100.34', userAgent: 'test' },
        }),
      ),
    );
    const failed = (await db.select().from(auditLog).where(eq(auditLog.action, 'pin.verify_failed'))).length;
    expect(failed).toBe(LIMITS.ip.max);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(120 - LIMITS.ip.max);
  });
});
