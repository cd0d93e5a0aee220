import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { changePassword } from '@/app/(account)/settings/security/password-actions';
import { endOtherSessions, endSession } from '@/app/(account)/settings/security/session-actions';
import { sendResetLink } from '@/app/forgot-password/actions';
import { resetPassword } from '@/app/reset-password/[token]/actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, mailOutbox, passwordResetTokens, sessions, users } from '@/db/schema';
import { getCurrentSession } from '@/lib/auth/current';
import { verifyPassword } from '@/lib/auth/password-hash';
import { listActiveSessions } from '@/lib/auth/session-store';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

const SAME_ANSWER =
  'If an account exists for that address, we sent it a link to reset the password. The link is valid for 30 minutes.';

useTestDatabase();

const NEW_PASSWORD = 'An0ther!Secret-pw';
let orgId: string;

async function signIn(email: string, password = STRONG_PASSWORD, ip?: string) {
  const browser = new TestClient(ip);
  const outcome = await browser.action(signInWithPassword, { email, password });
  expect(outcome.redirect).toBe('/settings/profile');
  return browser;
}

async function latestResetLink(to: string): Promise<string> {
  const db = await getDb();
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, to));
  const text = mails.filter((m) => m.subject.startsWith('Reset')).at(-1)?.text ?? '';
  const m = /http:\/\/localhost:3000\/reset-password\/([A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error('no reset link mailed');
  return m[1];
}

beforeAll(async () => {
  ({
    org: { id: orgId },
  } = await createOrgWithUser({ orgName: 'Wayne Enterprises', email: 'bruce@wayne.test' }));
  await addUser(orgId, { email: 'alfred@wayne.test', firstName: 'Alfred' });
  await addUser(orgId, { email: 'lucius@wayne.test', firstName: 'Lucius' });
});

describe('change password', () => {
  it('refuses a wrong current password and changes nothing', async () => {
    const browser = await signIn('alfred@wayne.test');
    const { result } = await browser.action(changePassword, {
      currentPassword: 'Wr0ng!pass',
      newPassword: NEW_PASSWORD,
      confirmNewPassword: NEW_PASSWORD,
    });
    expect(result?.fieldErrors?.currentPassword).toEqual(['Your current password is not correct.']);
    const user = (await (await getDb()).select().from(users).where(eq(users.email, 'alfred@wayne.test')))[0];
    expect(await verifyPassword(user.passwordHash!, STRONG_PASSWORD)).toBe(true);
  });

  it('gives each weak-password rule its own message, and refuses names and common passwords', async () => {
    const browser = await signIn('alfred@wayne.test');
    const cases: Array<[string, RegExp]> = [
      ['Sh0rt!', /at least 8/],
      ['alllowercase1!', /uppercase/],
      ['ALLUPPERCASE1!', /lowercase/],
      ['NoDigitsHere!', /digit/],
      ['NoSpecial123', /special/],
      ['Welcome2026!', /too common/],
      ['Alfred!2026xy', /name, email or organization/],
      ['Wayne!Enterprises9', /name, email or organization/],
      [`Aa1!${'x'.repeat(125)}`, /at most 128/],
    ];
    for (const [pw, message] of cases) {
      const { result } = await browser.action(changePassword, {
        currentPassword: STRONG_PASSWORD,
        newPassword: pw,
        confirmNewPassword: pw,
      });
      expect(result?.status, pw).toBe('error');
      expect(result?.fieldErrors?.newPassword?.join(' '), pw).toMatch(message);
      expect(JSON.stringify(result)).not.toContain(pw);
    }
  });

  it('ends every other session, gives this one a new id, mails and audits', async () => {
    const db = await getDb();
    const other = await signIn('lucius@wayne.test', STRONG_PASSWORD, '198.51.100.50');
    const browser = await signIn('lucius@wayne.test');
    const before = (await browser.run(() => getCurrentSession())).result!.session.id;
    const { result } = await browser.action(changePassword, {
      currentPassword: STRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmNewPassword: NEW_PASSWORD,
    });
    expect(result).toMatchObject({
      status: 'success',
      message: 'Password changed. Every other session was signed out.',
    });
    const after = (await browser.run(() => getCurrentSession())).result;
    expect(after?.session.id).toBeTruthy();
    expect(after?.session.id).not.toBe(before);
    expect((await other.run(() => getCurrentSession())).result).toBeNull();
    const userId = after!.user.id;
    expect(await db.select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(1);
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'lucius@wayne.test'));
    expect(mails.map((m) => m.subject)).toContain('Your Roster password was changed');
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'password.changed'), eq(auditLog.targetId, userId)));
    expect(audits).toHaveLength(1);
    expect(audits[0].ip).toBe('203.0.113.10');
    await signIn('lucius@wayne.test', NEW_PASSWORD);
  });
});

describe('forgot and reset password', () => {
  it('answers the same for known and unknown addresses and mails only the known one', async () => {
    const known = await new TestClient().action(sendResetLink, { email: 'bruce@wayne.test' });
    const unknown = await new TestClient().action(sendResetLink, { email: 'joker@wayne.test' });
    expect(known.result?.message).toBe(SAME_ANSWER);
    expect(unknown.result?.message).toBe(SAME_ANSWER);
    const db = await getDb();
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'joker@wayne.test'))).toHaveLength(0);
    expect(await latestResetLink('bruce@wayne.test')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('voids an older link when a newer one is sent, works once, ends sessions and does not sign in', async () => {
    const signedIn = await signIn('bruce@wayne.test');
    await new TestClient('192.0.2.60').action(sendResetLink, { email: 'bruce@wayne.test' });
    const older = await latestResetLink('bruce@wayne.test');
    await new TestClient('192.0.2.61').action(sendResetLink, { email: 'bruce@wayne.test' });
    const newer = await latestResetLink('bruce@wayne.test');
    expect(newer).not.toBe(older);

    const browser = new TestClient();
    const stale = await browser.action(resetPassword, {
      token: older,
      newPassword: NEW_PASSWORD,
      confirmNewPassword: NEW_PASSWORD,
    });
    expect(stale.result?.message).toMatch(/no longer valid/);

    const ok = await browser.action(resetPassword, {
      token: newer,
      newPassword: NEW_PASSWORD,
      confirmNewPassword: NEW_PASSWORD,
    });
    expect(ok.redirect).toBe('/sign-in');
    expect(browser.flash).toMatchObject({ key: 'signIn.notice.passwordReset' });
    expect(browser.sessionCookie).toBeUndefined();
    expect((await signedIn.run(() => getCurrentSession())).result).toBeNull();

    const reused = await browser.action(resetPassword, {
      token: newer,
      newPassword: 'Yet4n0ther!pw',
      confirmNewPassword: 'Yet4n0ther!pw',
    });
    expect(reused.result?.message).toMatch(/no longer valid/);
    await signIn('bruce@wayne.test', NEW_PASSWORD);
  });

  it('refuses an expired link and a link older than the last password change', async () => {
    const db = await getDb();
    await new TestClient('192.0.2.70').action(sendResetLink, { email: 'bruce@wayne.test' });
    const token = await latestResetLink('bruce@wayne.test');
    const bruce = (await db.select().from(users).where(eq(users.email, 'bruce@wayne.test')))[0];
    await db
      .update(passwordResetTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResetTokens.userId, bruce.id));
    const expired = await new TestClient().action(resetPassword, {
      token,
      newPassword: 'Yet4n0ther!pw',
      confirmNewPassword: 'Yet4n0ther!pw',
    });
    expect(expired.result?.message).toMatch(/no longer valid/);

    await new TestClient('192.0.2.71').action(sendResetLink, { email: 'bruce@wayne.test' });
    const token2 = await latestResetLink('bruce@wayne.test');
    await db
      .update(users)
      .set({ passwordChangedAt: new Date(Date.now() + 1000) })
      .where(eq(users.id, bruce.id));
    const outdated = await new TestClient().action(resetPassword, {
      token: token2,
      newPassword: 'Yet4n0ther!pw',
      confirmNewPassword: 'Yet4n0ther!pw',
    });
    expect(outdated.result?.message).toMatch(/no longer valid/);
    expect(await verifyPassword((await getUser(bruce.id)).passwordHash!, NEW_PASSWORD)).toBe(true);
  });

  it('limits reset requests per address without changing the answer', async () => {
    const db = await getDb();
    const before = (await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'alfred@wayne.test'))).length;
    for (let i = 0; i < 5; i++) {
      const { result } = await new TestClient(`192.0.2.${100 + i}`).action(sendResetLink, {
        email: 'alfred@wayne.test',
      });
      expect(result?.message).toBe(SAME_ANSWER);
    }
    const after = (await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'alfred@wayne.test'))).length;
    expect(after - before).toBe(3);
  });
});

describe('brute force', () => {
  it('throttles an account after 10 failures and answers the right password the same way meanwhile', async () => {
    const email = 'alfred@wayne.test';
    for (let i = 0; i < 10; i++) {
      const { result } = await new TestClient(`198.51.100.${i + 1}`).action(signInWithPassword, {
        email,
        password: `Wr0ng!guess${i}`,
      });
      expect(result?.message).toBe('The email or password is not correct.');
    }
    const throttled = await new TestClient('198.51.100.78').action(signInWithPassword, {
      email,
      password: 'Wr0ng!guess12',
    });
    const right = await new TestClient('198.51.100.79').action(signInWithPassword, {
      email,
      password: STRONG_PASSWORD,
    });
    expect(throttled.result?.message).toMatch(/^Too many attempts\. Wait \d+ seconds? and try again\.$/);
    expect(right.redirect).toBeUndefined();
    expect(right.result?.message).toMatch(/^Too many attempts/);
  });
});

describe('sessions', () => {
  it("cannot end another user's session by posting its id", async () => {
    const victim = await signIn('bruce@wayne.test', NEW_PASSWORD);
    const victimSid = (await victim.run(() => getCurrentSession())).result!.session.id;
    const attacker = await signIn('lucius@wayne.test', NEW_PASSWORD);
    await attacker.run(() => endSession(toFormData({ sessionId: victimSid })));
    expect((await victim.run(() => getCurrentSession())).result?.session.id).toBe(victimSid);
  });

  it('lists only sessions that still work, ends one with a message, then all the others', async () => {
    const db = await getDb();
    // Earlier tests leave sessions of this user behind.
    const [bruce] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'bruce@wayne.test'));
    await db.delete(sessions).where(eq(sessions.userId, bruce.id));
    const me = await signIn('bruce@wayne.test', NEW_PASSWORD);
    const phone = await signIn('bruce@wayne.test', NEW_PASSWORD);
    const tablet = await signIn('bruce@wayne.test', NEW_PASSWORD);
    const current = (await me.run(() => getCurrentSession())).result!;
    const { user, org } = current;
    const phoneSid = (await phone.run(() => getCurrentSession())).result!.session.id;
    const tabletSid = (await tablet.run(() => getCurrentSession())).result!.session.id;
    // Rows that no longer work: past the absolute expiry, idle too long, halfway through two-factor.
    const dead = { userId: user.id, orgId: org.id, ip: null, userAgent: null };
    await db.insert(sessions).values([
      { ...dead, id: 'expired-absolute', expiresAt: new Date(Date.now() - 1000) },
      {
        ...dead,
        id: 'expired-idle',
        expiresAt: new Date(Date.now() + 3600_000),
        lastSeenAt: new Date(Date.now() - (org.sessionIdleMinutes + 1) * 60_000),
      },
      { ...dead, id: 'mfa-pending', expiresAt: new Date(Date.now() + 3600_000), mfaPending: true },
    ]);
    const listed = async () =>
      (await listActiveSessions(db, { userId: user.id, orgId: org.id, idleMinutes: org.sessionIdleMinutes }))
        .map((s) => s.id)
        .sort();
    expect(await listed()).toEqual([current.session.id, phoneSid, tabletSid].sort());

    const one = await me.run(() => endSession(toFormData({ sessionId: phoneSid })));
    expect(one.redirect).toBe('/settings/security#sessions-title');
    expect(me.flash).toMatchObject({ status: 'success', key: 'security.sessionEnded' });
    expect(await listed()).toEqual([current.session.id, tabletSid].sort());

    const rest = await me.run(() => endOtherSessions(new FormData()));
    // The tablet and the three dead rows are gone.
    expect(rest.redirect).toBe('/settings/security#sessions-title');
    expect(me.flash).toMatchObject({ key: 'security.otherSessionsEnded', values: { count: 4 } });
    expect(await listed()).toEqual([current.session.id]);
    expect((await tablet.run(() => getCurrentSession())).result).toBeNull();
    expect((await me.run(() => getCurrentSession())).result?.session.id).toBe(current.session.id);
  });
});
