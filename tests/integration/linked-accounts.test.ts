import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { auditLog, linkedAccounts, mailOutbox, sessions, users } from '@/db/schema';
import { oidcProvider } from '@/lib/auth/oidc';
import {
  findLinkedAccount,
  linkExternalAccount,
  startExternalSession,
  unlinkExternalAccount,
} from '@/lib/connections/linked-accounts';
import { oidcIssuerOrigin } from '@/lib/http/security-headers';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser } from '../support/fixtures';

// The domain of "Linked account": one external account per user and per organization, unlink
// refused without a password, sign-in only for an active user, audit and security notice. The
// browser flow through a real OpenID provider is e2e/33-linked-account.

useTestDatabase();

const ISSUER = 'https://id.example.test';
const meta = { ip: '192.0.2.33', userAgent: 'test', requestId: null };
const identity = (subject: string, email: string | null = `${subject}@id.example.test`) => ({
  issuer: ISSUER,
  subject,
  email,
});

let orgId: string;
let otherOrgId: string;

beforeAll(async () => {
  orgId = (await createOrgWithUser({ orgName: 'Link Org', email: 'owner@link.test', role: 'owner' })).org.id;
  otherOrgId = (await createOrgWithUser({ orgName: 'Other Org', email: 'owner@other-link.test', role: 'owner' })).org
    .id;
});

const user = async (email: string, org = orgId) => getUser((await addUser(org, { email })).id);

describe('configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_NAME']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('is hidden unless issuer, client id and secret are all set', () => {
    delete process.env.OIDC_ISSUER;
    process.env.OIDC_CLIENT_ID = 'roster';
    process.env.OIDC_CLIENT_SECRET = 'secret';
    expect(oidcProvider()).toBeNull();
    process.env.OIDC_ISSUER = ISSUER;
    process.env.OIDC_NAME = 'Acme ID';
    expect(oidcProvider()).toMatchObject({ id: 'oidc', type: 'oidc', name: 'Acme ID', issuer: ISSUER });
  });

  it("lets forms go on to the issuer's origin only", () => {
    expect(oidcIssuerOrigin(undefined)).toEqual([]);
    expect(oidcIssuerOrigin('not a url')).toEqual([]);
    expect(oidcIssuerOrigin('https://id.example.test/realms/acme')).toEqual(['https://id.example.test']);
  });
});

describe('linking', () => {
  it('links, audits, and sends the security notice', async () => {
    const db = await getDb();
    const ana = await user('ana@link.test');
    expect(await linkExternalAccount(db, { user: ana, identity: identity('ana'), providerName: 'Acme ID', meta })).toBe(
      'linked',
    );
    const account = await findLinkedAccount(db, ana.id);
    expect(account).toMatchObject({ issuer: ISSUER, subject: 'ana', email: 'ana@id.example.test', orgId });
    const entries = await db.select().from(auditLog).where(eq(auditLog.targetId, ana.id));
    expect(entries.map((e) => e.action)).toContain('connections.account_linked');
    const mail = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'ana@link.test'));
    expect(mail.map((m) => m.subject)).toContain('An external account was linked');
    expect(mail.find((m) => m.subject === 'An external account was linked')?.text).toContain('ana@id.example.test');
  });

  it('refuses an external account linked to someone else in the organization, and a second one per user', async () => {
    const db = await getDb();
    const bo = await user('bo@link.test');
    const cy = await user('cy@link.test');
    expect(await linkExternalAccount(db, { user: bo, identity: identity('shared'), providerName: 'X', meta })).toBe(
      'linked',
    );
    expect(await linkExternalAccount(db, { user: cy, identity: identity('shared'), providerName: 'X', meta })).toBe(
      'taken',
    );
    expect(await findLinkedAccount(db, cy.id)).toBeNull();
    expect(await linkExternalAccount(db, { user: bo, identity: identity('shared'), providerName: 'X', meta })).toBe(
      'already',
    );
    // A second external account for the same user: the user's one link stays.
    expect(await linkExternalAccount(db, { user: bo, identity: identity('another'), providerName: 'X', meta })).toBe(
      'already',
    );
    expect((await findLinkedAccount(db, bo.id))?.subject).toBe('shared');
  });

  it('lets the same external account be linked in another organization', async () => {
    const db = await getDb();
    const dee = await user('dee@other-link.test', otherOrgId);
    expect(await linkExternalAccount(db, { user: dee, identity: identity('shared'), providerName: 'X', meta })).toBe(
      'linked',
    );
  });
});

describe('unlinking', () => {
  it('is refused while the user has no password, and changes nothing', async () => {
    const db = await getDb();
    const eve = await user('eve@link.test');
    await linkExternalAccount(db, { user: eve, identity: identity('eve'), providerName: 'X', meta });
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, eve.id));
    expect(await unlinkExternalAccount(db, { user: eve, providerName: 'X', meta })).toBe('noPassword');
    expect(await findLinkedAccount(db, eve.id)).not.toBeNull();
  });

  it('removes the link, audits and tells the user', async () => {
    const db = await getDb();
    const fay = await user('fay@link.test');
    await linkExternalAccount(db, { user: fay, identity: identity('fay'), providerName: 'X', meta });
    expect(await unlinkExternalAccount(db, { user: fay, providerName: 'X', meta })).toBe('unlinked');
    expect(await findLinkedAccount(db, fay.id)).toBeNull();
    expect(await unlinkExternalAccount(db, { user: fay, providerName: 'X', meta })).toBe('none');
    const mail = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'fay@link.test'));
    expect(mail.map((m) => m.subject)).toContain('An external account was unlinked');
  });
});

describe('signing in with the external account', () => {
  it('starts a session for the linked active user, pending two-factor when the user has it on', async () => {
    const db = await getDb();
    const gus = await user('gus@link.test');
    await linkExternalAccount(db, { user: gus, identity: identity('gus'), providerName: 'X', meta });
    const started = await startExternalSession(db, { identity: identity('gus'), meta });
    expect(started).toMatchObject({ userId: gus.id, mfaPending: false });
    const [row] = await db.select().from(sessions).where(eq(sessions.id, started!.sessionId));
    expect(row).toMatchObject({ userId: gus.id, mfaPending: false, ip: '192.0.2.33' });
    expect((await findLinkedAccount(db, gus.id))?.lastUsedAt).not.toBeNull();

    await db.update(users).set({ mfaEnabled: true }).where(eq(users.id, gus.id));
    expect(await startExternalSession(db, { identity: identity('gus'), meta })).toMatchObject({ mfaPending: true });
  });

  it('signs nobody in for an unknown account, another issuer, or a deactivated user', async () => {
    const db = await getDb();
    const hal = await user('hal@link.test');
    await linkExternalAccount(db, { user: hal, identity: identity('hal'), providerName: 'X', meta });
    expect(await startExternalSession(db, { identity: identity('nobody'), meta })).toBeNull();
    expect(
      await startExternalSession(db, {
        identity: { issuer: 'https://evil.example.test', subject: 'hal', email: null },
        meta,
      }),
    ).toBeNull();
    await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, hal.id));
    expect(await startExternalSession(db, { identity: identity('hal'), meta })).toBeNull();
    expect(await db.select().from(linkedAccounts).where(eq(linkedAccounts.userId, hal.id))).toHaveLength(1);
  });
});
