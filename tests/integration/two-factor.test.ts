import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import AccountSectionPage from '@/app/(account)/settings/[section]/page';
import { updateAppearance } from '@/app/(account)/settings/general/actions';
import { updateProfile } from '@/app/(account)/settings/profile/actions';
import { setPin } from '@/app/(account)/settings/security/pin-actions';
import {
  beginTwoFactorSetup,
  disableTwoFactor,
  enableTwoFactor,
  regenerateCodes,
} from '@/app/(account)/settings/security/two-factor-actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { verifyMfa } from '@/app/sign-in/mfa/actions';
import { getDb } from '@/db';
import { auditLog, backupCodes, mailOutbox, organizations, users } from '@/db/schema';
import { idle } from '@/lib/actions/result';
import { getCurrentSession, requireUser } from '@/lib/auth/current';
import { pendingTotpSecret, readRevealedCodes } from '@/lib/security/mfa';
import { decryptSecret } from '@/lib/security/secret-box';
import { currentTotpCode, TOTP_PURPOSE } from '@/lib/security/totp';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

let userId: string;
let orgId: string;
const EMAIL = 'grace@hopper.test';

async function signIn() {
  const browser = new TestClient();
  const outcome = await browser.action(signInWithPassword, { email: EMAIL, password: STRONG_PASSWORD });
  return { browser, outcome };
}

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Hopper Labs', email: EMAIL, role: 'member' });
  userId = user.id;
  orgId = org.id;
});

describe('setting up two-factor authentication', () => {
  let backup: string[] = [];

  it('keeps a pending secret, refuses a wrong code or password, then turns on with ten backup codes', async () => {
    const { browser } = await signIn();
    await browser.run(() => beginTwoFactorSetup(new FormData()));
    const pending = pendingTotpSecret(await getUser(userId));
    expect(pending).toMatch(/^[A-Z2-7]{32}$/);
    expect((await getUser(userId)).totpPendingEnc).not.toContain(pending);

    const wrongCode = await browser.action(enableTwoFactor, { code: '000000', password: STRONG_PASSWORD });
    expect(wrongCode.result?.fieldErrors?.code?.[0]).toMatch(/not correct/);
    const wrongPassword = await browser.action(enableTwoFactor, {
      code: currentTotpCode(pending!),
      password: 'Wr0ng!pass',
    });
    expect(wrongPassword.result?.fieldErrors?.password).toEqual(['The password is not correct.']);
    expect((await getUser(userId)).mfaEnabled).toBe(false);

    const ok = await browser.action(enableTwoFactor, { code: currentTotpCode(pending!), password: STRONG_PASSWORD });
    expect(ok.result?.status).toBe('success');
    expect(JSON.stringify(ok.result)).not.toMatch(/[a-z0-9]{5}-[a-z0-9]{5}/);
    const user = await getUser(userId);
    expect(user.mfaEnabled).toBe(true);
    expect(decryptSecret(user.totpSecretEnc!, TOTP_PURPOSE)).toBe(pending);
    const sid = (await browser.run(() => getCurrentSession())).result!.session.id;
    backup = (await readRevealedCodes(await getDb(), sid)) ?? [];
    expect(backup).toHaveLength(10);
    const stored = await (await getDb()).select().from(backupCodes).where(eq(backupCodes.userId, userId));
    expect(stored).toHaveLength(10);
    expect(stored.map((c) => c.codeHash)).not.toContain(backup[0]);
    const mails = await (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.to, EMAIL));
    expect(mails.map((m) => m.subject)).toContain('Two-factor authentication is on');
  });

  it('asks for the second factor at sign-in; until then the session is good for nothing else', async () => {
    const { browser, outcome } = await signIn();
    expect(outcome.redirect).toMatch(/^\/sign-in\/mfa/);
    expect((await browser.run(() => requireUser())).redirect).toBe('/sign-in/mfa');
    expect(
      (await browser.run(() => AccountSectionPage({ params: Promise.resolve({ section: 'tokens' }) }))).redirect,
    ).toBe('/sign-in/mfa');
    const wrong = await browser.action(verifyMfa, { code: '123456' });
    expect(wrong.result?.fieldErrors?.code?.[0]).toMatch(/not correct/);
  });

  it('accepts a TOTP code once and refuses its replay', async () => {
    const secret = decryptSecret((await getUser(userId)).totpSecretEnc!, TOTP_PURPOSE);
    // The setup already used the current step; take the next one, still inside the ±1 window.
    const code = currentTotpCode(secret, Date.now() + 30_000);
    const first = await signIn();
    const ok = await first.browser.action(verifyMfa, { code, callbackUrl: '/settings/general' });
    expect(ok.redirect).toBe('/settings/general');
    expect((await first.browser.run(() => requireUser())).result?.user.id).toBe(userId);

    const second = await signIn();
    const replay = await second.browser.action(verifyMfa, { code });
    expect(replay.result?.fieldErrors?.code?.[0]).toMatch(/already used/);
  });

  it('accepts a backup code once, mails about it and counts it down', async () => {
    const first = await signIn();
    const ok = await first.browser.action(verifyMfa, { code: backup[0].toUpperCase().replace('-', ' ') });
    expect(ok.redirect).toBe('/settings/profile');
    const db = await getDb();
    const unused = await db
      .select()
      .from(backupCodes)
      .where(and(eq(backupCodes.userId, userId), isNull(backupCodes.usedAt)));
    expect(unused).toHaveLength(9);
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, EMAIL));
    expect(mails.map((m) => m.subject)).toContain('A backup code was used to sign in');
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'mfa.backup_code_used'))).length).toBe(1);

    const second = await signIn();
    const reused = await second.browser.action(verifyMfa, { code: backup[0] });
    expect(reused.result?.status).toBe('error');
  });

  it('regenerates codes (the old ones stop working) and disables only with the password', async () => {
    const { browser } = await signIn();
    await browser.action(verifyMfa, { code: backup[1] });
    const regen = await browser.action(regenerateCodes, { password: STRONG_PASSWORD });
    expect(regen.result, JSON.stringify(regen.result)).toMatchObject({ status: 'success' });
    const again = await signIn();
    expect((await again.browser.action(verifyMfa, { code: backup[2] })).result?.status).toBe('error');

    const refused = await browser.action(disableTwoFactor, { password: 'Wr0ng!pass' });
    expect(refused.result?.status).toBe('error');
    expect((await getUser(userId)).mfaEnabled).toBe(true);
    const off = await browser.action(disableTwoFactor, { password: STRONG_PASSWORD });
    expect(off.redirect).toBe('/settings/security#two-factor');
    expect(browser.flash).toMatchObject({ status: 'success', key: 'security.disabled' });
    const user = await getUser(userId);
    expect(user.mfaEnabled).toBe(false);
    expect(user.totpSecretEnc).toBeNull();
  });
});

describe('organization requiring two-factor authentication', () => {
  it('sends a user without it to the security page before anything else', async () => {
    const db = await getDb();
    await db.update(organizations).set({ requireMfa: true }).where(eq(organizations.id, orgId));
    const { browser } = await signIn();
    const page = await browser.run(() => AccountSectionPage({ params: Promise.resolve({ section: 'tokens' }) }));
    expect(page.redirect).toBe('/settings/security?required=2fa');
    await db.update(organizations).set({ requireMfa: false }).where(eq(organizations.id, orgId));
  });

  it("lets only the security page's own actions through, whatever page an action is posted to", async () => {
    const db = await getDb();
    await db.update(organizations).set({ requireMfa: true }).where(eq(organizations.id, orgId));
    try {
      const { browser } = await signIn();
      // Any action id can be posted to the security page's URL.
      browser.path = '/settings/security';
      const before = await getUser(userId);
      const other = await browser.action(updateAppearance, { theme: 'dark', animations: 'off' });
      expect(other.redirect).toBe('/settings/security?required=2fa');
      expect((await getUser(userId)).theme).toBe(before.theme);
      const profile = await browser.run(() => updateProfile(idle, toFormData({ firstName: 'Mallory' })));
      expect(profile.redirect).toBe('/settings/security?required=2fa');
      expect((await getUser(userId)).firstName).toBe(before.firstName);
      // The page itself renders, and setting two-factor up works.
      expect((await browser.run(() => beginTwoFactorSetup(new FormData()))).redirect).toBeUndefined();
      expect(pendingTotpSecret(await getUser(userId))).toBeTruthy();
      const wrong = await browser.action(enableTwoFactor, { code: '000000', password: STRONG_PASSWORD });
      expect(wrong.redirect).toBeUndefined();
      expect(wrong.result?.status).toBe('error');
    } finally {
      await db.update(organizations).set({ requireMfa: false }).where(eq(organizations.id, orgId));
      await db.update(users).set({ totpPendingEnc: null }).where(eq(users.id, userId));
    }
  });
});

describe('PIN', () => {
  it('refuses trivial PINs and a missing password, stores only a hash', async () => {
    const { browser } = await signIn();
    const trivial = await browser.action(setPin, { pin: '123456', password: STRONG_PASSWORD });
    expect(trivial.result?.fieldErrors?.pin?.length).toBeGreaterThan(0);
    const noPassword = await browser.action(setPin, { pin: '583920' });
    expect(noPassword.result?.fieldErrors?.password?.[0]).toMatch(/Enter your password/);
    const ok = await browser.action(setPin, { pin: '583920', password: STRONG_PASSWORD });
    expect(ok.result?.status).toBe('success');
    const user = await getUser(userId);
    expect(user.pinHash).toMatch(/^\$argon2id\$/);
    const db = await getDb();
    const entries = await db.select().from(auditLog).where(eq(auditLog.action, 'pin.changed'));
    expect(JSON.stringify(entries)).not.toContain('583920');
    const [row] = await db.select().from(users).where(eq(users.id, userId));
    expect(JSON.stringify(row)).not.toContain('583920');
  });
});
