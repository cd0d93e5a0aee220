import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { auditLog, mailOutbox, passkeys, webauthnChallenges } from '@/db/schema';
import { deactivateUser } from '@/lib/org/user-admin';
import { authenticationOptions, registrationOptions, signInWithPasskey } from '@/lib/passkeys/ceremony';
import { countPasskeys, listPasskeys, removeAllPasskeys, removePasskey, renamePasskey } from '@/lib/passkeys/manage';
import { inSession, mfaSetupEnforced } from '@/lib/security/mfa-requirement';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

// What the browser ceremony (e2e/35-passkeys, with Chromium's virtual authenticator) cannot show:
// ids from a form that name someone else's passkey, challenges, deactivation, the admin's removal
// and how a passkey sign-in meets the organization's two-factor rule.

useTestDatabase();

const meta = { ip: '192.0.2.35', userAgent: 'test', requestId: null };
let orgId: string;
let adminId: string;
let otherOrgId: string;

beforeAll(async () => {
  const created = await createOrgWithUser({ orgName: 'Passkey Org', email: 'admin@passkey.test', role: 'owner' });
  orgId = created.org.id;
  adminId = created.user.id;
  otherOrgId = (await createOrgWithUser({ orgName: 'Far Org', email: 'admin@far-passkey.test', role: 'owner' })).org.id;
});

async function withPasskey(email: string, org = orgId, name = 'Laptop') {
  const db = await getDb();
  const user = await getUser((await addUser(org, { email })).id);
  const [row] = await db
    .insert(passkeys)
    .values({ userId: user.id, orgId: org, name, credentialId: `cred-${email}`, publicKey: 'pk', counter: 0 })
    .returning();
  return { user, passkey: row };
}

const actor = (user: Awaited<ReturnType<typeof getUser>>, recent = false) => ({
  user,
  session: { id: 'none', reauthAt: recent ? new Date() : null },
});

describe('ids from the form', () => {
  it("never rename or remove someone else's passkey", async () => {
    const db = await getDb();
    const owner = await withPasskey('own@passkey.test');
    const stranger = await withPasskey('stranger@passkey.test');
    expect(await renamePasskey(db, stranger.user, { id: owner.passkey.id, name: 'Mine now' }, meta)).toEqual({
      ok: false,
    });
    expect(
      await removePasskey(db, actor(stranger.user, true), { id: owner.passkey.id, password: STRONG_PASSWORD }, meta),
    ).toEqual({ ok: false, error: 'notFound' });
    expect((await listPasskeys(db, owner.user.id)).map((p) => p.name)).toEqual(['Laptop']);
  });

  it('removes one of your own with the password, or after a recent confirmation, audited and announced', async () => {
    const db = await getDb();
    const { user, passkey } = await withPasskey('remove@passkey.test');
    expect(await removePasskey(db, actor(user), { id: passkey.id }, meta)).toEqual({
      ok: false,
      error: 'confirmRequired',
    });
    expect(await removePasskey(db, actor(user), { id: passkey.id, password: 'Wrong!Passw0rd-x' }, meta)).toMatchObject({
      ok: false,
      error: 'confirmWrong',
    });
    expect(await removePasskey(db, actor(user, true), { id: passkey.id }, meta)).toEqual({ ok: true, name: 'Laptop' });
    expect(await countPasskeys(db, user.id)).toBe(0);
    const entries = await db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(entries.map((e) => e.action)).toContain('passkey.removed');
    const mail = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'remove@passkey.test'));
    expect(mail.map((m) => m.subject)).toContain('A passkey was removed');
  });
});

describe('challenges', () => {
  it('are stored per purpose, and a sign-in with an unknown challenge starts nothing', async () => {
    const db = await getDb();
    const { user } = await withPasskey('challenge@passkey.test');
    const created = await registrationOptions(db, user);
    expect(created.rp.id).toBe('localhost');
    expect(created.excludeCredentials).toHaveLength(1);
    const asked = await authenticationOptions(db);
    const rows = await db.select().from(webauthnChallenges).where(eq(webauthnChallenges.challenge, asked.challenge));
    expect(rows).toHaveLength(1);
    expect(rows[0].expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const clientData = (challenge: string) =>
      Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: 'http://localhost:3000' })).toString(
        'base64url',
      );
    const forged = {
      id: `cred-challenge@passkey.test`,
      rawId: `cred-challenge@passkey.test`,
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: { clientDataJSON: clientData('not-issued'), authenticatorData: '', signature: '' },
    };
    expect(await signInWithPasskey(db, forged, meta)).toEqual({ ok: false });
    // An issued challenge with a forged signature: refused, and the challenge is used up.
    forged.response.clientDataJSON = clientData(asked.challenge);
    expect(await signInWithPasskey(db, forged, meta)).toEqual({ ok: false });
  });
});

describe('deactivation and the admin', () => {
  it('deactivation ends every passkey of the person', async () => {
    const db = await getDb();
    const { user } = await withPasskey('leaver@passkey.test');
    const admin = await getUser(adminId);
    expect(await deactivateUser(db, { ...admin, orgName: 'Passkey Org' }, { userId: user.id }, meta)).toBe(
      'deactivated',
    );
    expect(await countPasskeys(db, user.id)).toBe(0);
  });

  it("an admin removes a person's passkeys in their own organization only", async () => {
    const db = await getDb();
    const near = await withPasskey('near@passkey.test');
    const far = await withPasskey('far@far-passkey.test', otherOrgId);
    expect(await removeAllPasskeys(db, { id: adminId, orgId }, far.user, meta)).toBe(0);
    expect(await countPasskeys(db, far.user.id)).toBe(1);
    expect(await removeAllPasskeys(db, { id: adminId, orgId }, near.user, meta)).toBe(1);
    const mail = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'near@passkey.test'));
    expect(mail.map((m) => m.subject)).toContain('A passkey was removed');
  });
});

describe("the organization's two-factor rule", () => {
  it('is met by a session signed in with a verifying passkey', () => {
    const org = { requireMfa: true, mfaRequiredFrom: null };
    const user = { mfaEnabled: false };
    expect(mfaSetupEnforced(org, inSession({ user, session: { passkeyVerified: false } }))).toBe(true);
    expect(mfaSetupEnforced(org, inSession({ user, session: { passkeyVerified: true } }))).toBe(false);
  });
});
