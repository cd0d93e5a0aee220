import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  createToken as createTokenAction,
  revokeToken as revokeTokenAction,
} from '@/app/(account)/settings/tokens/actions';
import TokensPage from '@/app/(account)/settings/tokens/page';
import UserPage from '@/app/(org)/org-settings/users/[id]/page';
import { revokeUserToken } from '@/app/(org)/org-settings/users/[id]/token-actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { apiTokens, auditLog, mailOutbox, organizations, passwordResetTokens, users } from '@/db/schema';
import { actorOf } from '@/lib/org/actor';
import { deactivateUser } from '@/lib/org/user-admin';
import { resetPassword } from '@/lib/security/password-reset';
import { hashToken, newSecretToken } from '@/lib/security/tokens';
import { authenticateToken } from '@/lib/tokens/authenticate';
import { createToken, listTokens, revokeToken, revokeTokenOf } from '@/lib/tokens/manage';
import type { CreateTokenInput } from '@/lib/tokens/schemas';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

const meta = { ip: '192.0.2.44', userAgent: 'token-test', requestId: 'token-test' };
const SECRET = /rst_[A-Za-z0-9_-]{43}/;

let orgId: string;
let otherOrgId: string;
const id = {} as Record<'owner' | 'admin' | 'member' | 'other' | 'outsider', string>;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

const input = (over: Partial<CreateTokenInput> = {}): CreateTokenInput => ({
  name: 'Router',
  scopes: ['profile:read'],
  expires: '30',
  ...over,
});

async function make(userId: string, over: Partial<CreateTokenInput> = {}, now?: Date) {
  const result = await createToken(await getDb(), await getUser(userId), input(over), meta, now);
  if (!result.ok) throw new Error(`token refused: ${result.error}`);
  return result;
}

const html = async (browser: TestClient, tree: Parameters<typeof renderHtml>[1]) =>
  ((await renderHtml(browser, tree)).result ?? '').replace(/<!-- -->/g, '');

const tokenRow = async (tokenId: string) =>
  (await (await getDb()).select().from(apiTokens).where(eq(apiTokens.id, tokenId)))[0];

const audits = async (action: string, targetId: string) =>
  (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Token Org', email: 'owner@tokens.test', role: 'owner' });
  orgId = org.id;
  id.owner = user.id;
  id.admin = (await addUser(orgId, { email: 'admin@tokens.test', role: 'admin', firstName: 'Ada' })).id;
  id.member = (await addUser(orgId, { email: 'member@tokens.test', firstName: 'Mo' })).id;
  id.other = (await addUser(orgId, { email: 'other@tokens.test', firstName: 'Otto' })).id;
  const other = await createOrgWithUser({ orgName: 'Other Org', email: 'admin@elsewhere.test', role: 'admin' });
  otherOrgId = other.org.id;
  id.outsider = other.user.id;
});

describe('creating a token', () => {
  it('stores only the digest, shows the secret once, mails the owner and audits', async () => {
    const created = await make(id.member, { name: 'Call router', scopes: ['availability:read', 'profile:read'] });
    expect(created.secret).toMatch(new RegExp(`^${SECRET.source}$`));
    const row = await tokenRow(created.token.id);
    expect(row.tokenHash).toBe(hashToken(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);
    expect(row.prefix).toBe(created.secret.slice(0, 8));
    // In the catalogue's order, whatever order they were ticked in.
    expect(row.scopes).toEqual(['profile:read', 'availability:read']);
    expect(row.userId).toBe(id.member);
    expect(row.orgId).toBe(orgId);

    const [entry] = await audits('token.created', created.token.id);
    expect(entry).toMatchObject({ actorUserId: id.member, orgId, ip: meta.ip, targetType: 'token' });
    expect(entry.data).toMatchObject({ name: 'Call router', scopes: ['profile:read', 'availability:read'] });
    expect(JSON.stringify(entry.data)).not.toContain(created.secret);

    const mails = await (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.to, 'member@tokens.test'));
    const mail = mails.find((m) => m.subject === 'A new API token was created');
    expect(mail?.text).toContain('Call router');
    expect(mail?.text).toContain('profile:read, availability:read');
    expect(mail?.text).toContain('192.0.2.44');
    expect(mail?.text).not.toContain(created.secret);
  });

  it('lets a user grant only scopes their permissions allow', async () => {
    const db = await getDb();
    const before = (await listTokens(db, { orgId, userId: id.member })).length;
    const refused = await createToken(db, await getUser(id.member), input({ scopes: ['users:read'] }), meta);
    expect(refused).toEqual({ ok: false, error: 'scope', scopes: ['users:read'] });
    const pin = await createToken(
      db,
      await getUser(id.member),
      input({ scopes: ['profile:read', 'pin:verify'] }),
      meta,
    );
    expect(pin).toMatchObject({ ok: false, scopes: ['pin:verify'] });
    expect(await listTokens(db, { orgId, userId: id.member })).toHaveLength(before);
    // An admin holds users.read and pin.verify.
    expect((await make(id.admin, { scopes: ['users:read', 'pin:verify'] })).token.scopes).toEqual([
      'users:read',
      'pin:verify',
    ]);
  });

  it('refuses an expiry beyond the organization maximum', async () => {
    const db = await getDb();
    await db.update(organizations).set({ maxTokenDays: 30 }).where(eq(organizations.id, orgId));
    try {
      const now = new Date('2026-03-10T12:00:00Z');
      const user = await getUser(id.member);
      expect(await createToken(db, user, input({ expires: '90' }), meta, now)).toMatchObject({
        ok: false,
        error: 'tooLate',
        latest: '2026-04-09',
        maxDays: 30,
      });
      expect(await createToken(db, user, input({ expires: 'date', expiresOn: '2026-04-10' }), meta, now)).toMatchObject(
        { ok: false, error: 'tooLate' },
      );
      expect(await createToken(db, user, input({ expires: 'date', expiresOn: '2026-03-10' }), meta, now)).toEqual({
        ok: false,
        error: 'past',
      });
      const last = await createToken(db, user, input({ expires: 'date', expiresOn: '2026-04-09' }), meta, now);
      expect(last.ok && last.token.expiresAt.getTime()).toBeLessThanOrEqual(now.getTime() + 30 * 86_400_000);
      const week = await createToken(db, user, input({ expires: '7' }), meta, now);
      expect(week.ok && week.token.expiresAt.toISOString()).toBe('2026-03-17T12:00:00.000Z');
    } finally {
      await db.update(organizations).set({ maxTokenDays: 365 }).where(eq(organizations.id, orgId));
    }
  });
});

describe('the settings page and its actions', () => {
  it('creates a token, shows its secret in the answer only, and refuses with field errors', async () => {
    const browser = await signIn('member@tokens.test');
    const refused = await browser.action(createTokenAction, {
      name: 'Directory',
      scopes: ['profile:read', 'users:read'],
      expires: '30',
    });
    expect(refused.result?.status).toBe('error');
    expect(refused.result?.fieldErrors?.scopes?.[0]).toMatch(/users:read/);
    expect(refused.result?.values?.scopes).toBe('profile:read users:read');

    const late = await browser.action(createTokenAction, {
      name: 'Far',
      scopes: 'profile:read',
      expires: 'date',
      expiresOn: '2099-01-01',
    });
    expect(late.result?.fieldErrors?.expiresOn?.[0]).toMatch(/at most 365 days/);
    const noScope = await browser.action(createTokenAction, { name: 'None', expires: '30' });
    expect(noScope.result?.fieldErrors?.scopes).toEqual(['Choose at least one scope.']);
    const noName = await browser.action(createTokenAction, { name: ' ', scopes: 'profile:read', expires: '30' });
    expect(noName.result?.fieldErrors?.name).toBeTruthy();

    const made = await browser.action(createTokenAction, {
      name: 'Page token',
      scopes: ['profile:read', 'availability:read'],
      expires: '7',
    });
    expect(made.result?.status).toBe('success');
    expect(made.result?.message).toBe("Token “Page token” created. Copy it now: it won't be shown again.");
    const secret = made.result?.values?.secret ?? '';
    expect(secret).toMatch(SECRET);

    browser.path = '/settings/tokens';
    const page = { text: await html(browser, () => TokensPage()) };
    expect(page.text).toContain('Page token');
    expect(page.text).toContain('availability:read');
    expect(page.text).toContain(secret.slice(0, 8));
    expect(page.text).not.toContain(secret);
    expect(page.text).not.toMatch(SECRET);
    // A member may not grant users:read: the box is there, disabled, with the reason.
    expect(page.text).toMatch(/<input[^>]*id="scope-users-read"[^>]*disabled/);
    expect(page.text).toContain('needs the permission');
  });

  it('revokes with a plain form; another person’s or organization’s token id is not found', async () => {
    const browser = await signIn('member@tokens.test');
    const mine = await make(id.member, { name: 'To revoke' });
    const theirs = await make(id.other, { name: 'Not yours' });
    const foreign = await make(id.outsider, { name: 'Foreign' });

    for (const tokenId of [theirs.token.id, foreign.token.id, '00000000-0000-4000-8000-000000000000']) {
      const outcome = await browser.run(() => revokeTokenAction(toForm({ tokenId })));
      expect(outcome.redirect).toBe('/settings/tokens#tokens-title');
      expect(browser.flash).toMatchObject({ key: 'tokens.notFound' });
    }
    expect((await tokenRow(theirs.token.id)).revokedAt).toBeNull();
    expect((await tokenRow(foreign.token.id)).revokedAt).toBeNull();
    expect(await revokeToken(await getDb(), await getUser(id.member), { tokenId: foreign.token.id })).toEqual({
      ok: false,
    });

    const outcome = await browser.run(() => revokeTokenAction(toForm({ tokenId: mine.token.id })));
    expect(outcome.redirect).toBe('/settings/tokens#tokens-title');
    expect(browser.flash).toMatchObject({ key: 'tokens.revoked', values: { name: 'To revoke' } });
    expect((await tokenRow(mine.token.id)).revokedAt).not.toBeNull();
    expect(await audits('token.revoked', mine.token.id)).toHaveLength(1);
    expect((await listTokens(await getDb(), { orgId, userId: id.member })).map((t) => t.id)).not.toContain(
      mine.token.id,
    );
  });
});

function toForm(fields: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

describe('admins and tokens', () => {
  it('shows a person’s tokens on the admin user page and revokes them there', async () => {
    const token = await make(id.other, { name: 'Otto’s router', scopes: ['availability:read'] });
    const admin = await signIn('admin@tokens.test');
    admin.path = `/org-settings/users/${id.other}`;
    const page = { text: await html(admin, () => UserPage({ params: Promise.resolve({ id: id.other }) })) };
    expect(page.text).toContain('API tokens');
    expect(page.text).toContain('Otto’s router');
    expect(page.text).not.toContain(token.secret);

    const outcome = await admin.run(() => revokeUserToken(toForm({ userId: id.other, tokenId: token.token.id })));
    expect(outcome.redirect).toBe(`/org-settings/users/${id.other}#tokens-title`);
    expect((await tokenRow(token.token.id)).revokedAt).not.toBeNull();
    const [entry] = await audits('token.revoked', token.token.id);
    expect(entry.actorUserId).toBe(id.admin);
  });

  it('keeps the tokens card from members and from people the admin may not manage', async () => {
    const ownerToken = await make(id.owner, { name: 'Owner token' });
    const admin = await signIn('admin@tokens.test');
    const page = { text: await html(admin, () => UserPage({ params: Promise.resolve({ id: id.owner }) })) };
    expect(page.text).toContain('owner@tokens.test');
    expect(page.text).not.toContain('Owner token');
    const refused = await admin.run(() => revokeUserToken(toForm({ userId: id.owner, tokenId: ownerToken.token.id })));
    expect(refused.notFound).toBe(true);
    expect((await tokenRow(ownerToken.token.id)).revokedAt).toBeNull();

    const member = await signIn('member@tokens.test');
    const asMember = await member.run(() =>
      revokeUserToken(toForm({ userId: id.owner, tokenId: ownerToken.token.id })),
    );
    expect(asMember.notFound).toBe(true);
    expect((await tokenRow(ownerToken.token.id)).revokedAt).toBeNull();
  });

  it('answers not found for another organization’s person or token', async () => {
    const db = await getDb();
    const foreign = await make(id.outsider, { name: 'Foreign two' });
    const inside = await make(id.other, { name: 'Inside' });
    const actor = { id: id.admin, orgId, orgName: 'Token Org', role: 'admin' as const };
    expect(await revokeTokenOf(db, actor, { userId: id.outsider, tokenId: foreign.token.id })).toEqual({
      ok: false,
      reason: 'not-found',
    });
    // The person is ours but the token is not theirs.
    expect(await revokeTokenOf(db, actor, { userId: id.other, tokenId: foreign.token.id })).toEqual({
      ok: false,
      reason: 'not-found',
    });
    const admin = await signIn('admin@tokens.test');
    expect(
      (await admin.run(() => revokeUserToken(toForm({ userId: id.outsider, tokenId: foreign.token.id })))).notFound,
    ).toBe(true);
    expect((await tokenRow(foreign.token.id)).revokedAt).toBeNull();
    expect((await tokenRow(inside.token.id)).revokedAt).toBeNull();
    expect(otherOrgId).not.toBe(orgId);
  });
});

describe('tokens end with their owner’s access', () => {
  it('deactivating a user ends their tokens at once', async () => {
    const leaver = await addUser(orgId, { email: 'leaver@tokens.test' });
    const a = await make(leaver.id, { name: 'One' });
    const b = await make(leaver.id, { name: 'Two' });
    const db = await getDb();
    const owner = await getUser(id.owner);
    expect(
      await deactivateUser(
        db,
        actorOf({ user: owner, org: { id: orgId, name: 'Token Org' } }),
        { userId: leaver.id },
        meta,
      ),
    ).toBe('deactivated');
    expect((await tokenRow(a.token.id)).revokedAt).not.toBeNull();
    expect((await tokenRow(b.token.id)).revokedAt).not.toBeNull();
    expect(await authenticateToken(db, a.secret, '192.0.2.1')).toBeNull();
    const [entry] = await audits('user.deactivated', leaver.id);
    expect(entry.data).toMatchObject({ tokensEnded: 2 });
  });

  it('a password reset ends the user’s tokens', async () => {
    const forgetful = await addUser(orgId, { email: 'forgetful@tokens.test' });
    const token = await make(forgetful.id, { name: 'Before reset' });
    const db = await getDb();
    const link = newSecretToken();
    await db.insert(passwordResetTokens).values({
      orgId,
      userId: forgetful.id,
      tokenHash: hashToken(link),
      expiresAt: new Date(Date.now() + 600_000),
    });
    expect(await resetPassword(db, link, 'An0ther!Passw0rd', meta)).toBe(true);
    expect((await tokenRow(token.token.id)).revokedAt).not.toBeNull();
    expect(await authenticateToken(db, token.secret, '192.0.2.1')).toBeNull();
  });
});

describe('authenticateToken', () => {
  it('accepts a fresh token and marks it used', async () => {
    const db = await getDb();
    const token = await make(id.member, { name: 'Fresh', scopes: ['profile:read', 'availability:read'] });
    const caller = await authenticateToken(db, token.secret, '198.51.100.7');
    expect(caller?.user.id).toBe(id.member);
    expect(caller?.org.id).toBe(orgId);
    expect([...(caller?.scopes ?? [])]).toEqual(['profile:read', 'availability:read']);
    const row = await tokenRow(token.token.id);
    expect(row.lastUsedIp).toBe('198.51.100.7');
    expect(row.lastUsedAt).not.toBeNull();
    const [listed] = (await listTokens(db, { orgId, userId: id.member })).filter((t) => t.id === token.token.id);
    expect(listed.lastUsedIp).toBe('198.51.100.7');
  });

  it('refuses revoked, expired, unknown tokens and those of a deactivated owner', async () => {
    const db = await getDb();
    const revoked = await make(id.member, { name: 'Revoked' });
    await revokeToken(db, await getUser(id.member), { tokenId: revoked.token.id });
    expect(await authenticateToken(db, revoked.secret, null)).toBeNull();

    const expired = await make(id.member, { name: 'Old', expires: '7' }, new Date(Date.now() - 8 * 86_400_000));
    expect(await authenticateToken(db, expired.secret, null)).toBeNull();

    expect(await authenticateToken(db, `rst_${'A'.repeat(43)}`, null)).toBeNull();

    const gone = await addUser(orgId, { email: 'gone@tokens.test' });
    const orphan = await make(gone.id, { name: 'Orphan' });
    expect(await authenticateToken(db, orphan.secret, null)).not.toBeNull();
    // Deactivated by other means than deactivateUser: the owner's status alone refuses the token.
    await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, gone.id));
    expect(await authenticateToken(db, orphan.secret, null)).toBeNull();
  });
});
