import { and, desc, eq } from 'drizzle-orm';
import { createElement, type ComponentProps, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';

import { updateInvitePolicy } from '@/app/(org)/org-settings/invite-policy/actions';
import InvitePolicyPage from '@/app/(org)/org-settings/invite-policy/page';
import { resendInvitation, revokeInvitation } from '@/app/(org)/org-settings/users/invitation-actions';
import { PendingInvitations } from '@/app/(org)/org-settings/users/invitations-list';
import { inviteUser } from '@/app/(org)/org-settings/users/new/actions';
import NewUserPage from '@/app/(org)/org-settings/users/new/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import {
  auditLog,
  groupMembers,
  groups,
  invitations,
  mailOutbox,
  organizations,
  roleAssignments,
  roles,
  users,
} from '@/db/schema';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import { getRequestIntl } from '@/lib/i18n/server';
import { findInvitation } from '@/lib/org/accept-invitation';
import { actorOf } from '@/lib/org/actor';
import { hashToken } from '@/lib/org/invitations';
import { inviteUser as inviteDirectly } from '@/lib/org/invite';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

const DOMAIN_ERROR = "This email domain is not allowed by your organization's invite policy.";
type Who = 'owner' | 'admin' | 'member' | 'custom' | 'grouped';
let orgId: string;
let otherOrgId: string;
let ids: Record<Who, string>;
const as = {} as Record<Who | 'stranger', TestClient>;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

async function setPolicy(invitePolicy: 'admins' | 'managers' | 'everyone', allowedEmailDomains: string[] = []) {
  await (
    await getDb()
  )
    .update(organizations)
    .set({ invitePolicy, allowedEmailDomains })
    .where(eq(organizations.id, orgId));
}

let seq = 0;
const fresh = (domain = 'acme.test') => `person${++seq}@${domain}`;
const invite = (who: Who | 'stranger', fields: Record<string, string>) =>
  as[who].action(inviteUser, { firstName: 'Ida', lastName: 'Invitee', role: 'member', ...fields });

async function invitationFor(email: string) {
  return (await getDb())
    .select()
    .from(invitations)
    .where(eq(invitations.email, email))
    .orderBy(desc(invitations.createdAt));
}
async function mailsTo(email: string) {
  return (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.to, email)).orderBy(desc(mailOutbox.createdAt));
}
async function audits(action: string, targetId: string) {
  return (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}
const tokenIn = (text: string) => /http:\/\/localhost:3000\/invite\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

async function render(browser: TestClient, tree: () => Promise<ReactNode>): Promise<string> {
  const { result } = await browser.run(async () => {
    const { locale, timeZone } = await getRequestIntl();
    const props = { locale, timeZone, messages: compiledMessagesFor(locale) } as ComponentProps<typeof IntlProvider>;
    // Streamed, as Next renders it: the page's async parts (the message after a redirect) finish first.
    const stream = await renderToReadableStream(createElement(IntlProvider, props, await tree()));
    await stream.allReady;
    return new Response(stream).text();
  });
  return result!;
}

beforeAll(async () => {
  const db = await getDb();
  const { org, user: owner } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  orgId = org.id;
  const admin = await addUser(orgId, { email: 'adam@acme.test', role: 'admin', firstName: 'Adam' });
  const member = await addUser(orgId, { email: 'mia@acme.test', role: 'member' });
  const custom = await addUser(orgId, { email: 'carl@acme.test', role: 'member' });
  const grouped = await addUser(orgId, { email: 'greta@acme.test', role: 'member' });
  const [role] = await db
    .insert(roles)
    .values({ orgId, name: 'Recruiter', permissions: ['users.invite'] })
    .returning();
  const [group] = await db.insert(groups).values({ orgId, name: 'Hiring' }).returning();
  await db.insert(roleAssignments).values([
    { orgId, roleId: role.id, userId: custom.id },
    { orgId, roleId: role.id, groupId: group.id },
  ]);
  await db.insert(groupMembers).values({ orgId, groupId: group.id, userId: grouped.id });
  ids = { owner: owner.id, admin: admin.id, member: member.id, custom: custom.id, grouped: grouped.id };
  otherOrgId = (await createOrgWithUser({ orgName: 'Globex', email: 'stan@globex.test', role: 'owner' })).org.id;
  for (const [who, email] of Object.entries({
    owner: 'olga',
    admin: 'adam',
    member: 'mia',
    custom: 'carl',
    grouped: 'greta',
  })) {
    as[who as Who] = await signIn(`${email}@acme.test`);
  }
  as.stranger = await signIn('stan@globex.test');
});

describe('who may invite', () => {
  const matrix: Record<'admins' | 'managers' | 'everyone', Who[]> = {
    admins: ['owner', 'admin'],
    managers: ['owner', 'admin', 'custom', 'grouped'],
    everyone: ['owner', 'admin', 'custom', 'grouped', 'member'],
  };
  for (const [policy, allowed] of Object.entries(matrix) as Array<[keyof typeof matrix, Who[]]>) {
    it(`policy "${policy}" lets ${allowed.join(', ')} invite and answers 404 to the rest`, async () => {
      await setPolicy(policy);
      for (const who of ['owner', 'admin', 'member', 'custom', 'grouped'] as Who[]) {
        const email = fresh();
        const page = await as[who].run(() => NewUserPage());
        const outcome = await invite(who, { email });
        const rows = await invitationFor(email);
        if (allowed.includes(who)) {
          expect(page.notFound, `${policy}/${who} page`).toBeUndefined();
          expect(outcome.notFound, `${policy}/${who} action`).toBeUndefined();
          expect(rows.map((r) => r.invitedByUserId)).toEqual([ids[who]]);
        } else {
          expect(page.notFound, `${policy}/${who} page`).toBe(true);
          expect(outcome.notFound, `${policy}/${who} action`).toBe(true);
          expect(rows).toHaveLength(0);
        }
      }
    });
  }

  it('refuses a non-inviter with 404 before reading the form, even an invalid one', async () => {
    await setPolicy('admins');
    expect((await as.member.action(inviteUser, { email: 'nonsense' })).notFound).toBe(true);
  });

  it('lets only owners invite owners and only owners and admins invite admins', async () => {
    await setPolicy('everyone');
    const cases: Array<[Who, string, boolean]> = [
      ['owner', 'owner', true],
      ['admin', 'owner', false],
      ['admin', 'admin', true],
      ['custom', 'admin', false],
      ['member', 'admin', false],
      ['member', 'member', true],
    ];
    for (const [who, role, ok] of cases) {
      const email = fresh();
      const { result, redirect } = await invite(who, { email, role });
      if (ok) expect(redirect ?? result?.status, `${who} → ${role}`).toMatch(/\/org-settings\/users|success/);
      else expect(result?.fieldErrors?.role, `${who} → ${role}`).toEqual(["You can't invite people with this role."]);
      expect((await invitationFor(email)).length).toBe(ok ? 1 : 0);
    }
  });

  it('keeps a member who cannot see the users list on the form with a success message', async () => {
    await setPolicy('everyone');
    const email = fresh();
    const { result, redirect } = await invite('member', { email });
    expect(redirect).toBeUndefined();
    expect(result).toMatchObject({ status: 'success', message: `Invitation sent to ${email}.` });
  });
});

describe('inviting from the New user form', () => {
  it('stores a hashed 7-day invitation, audits it and mails the link with inviter and organization', async () => {
    await setPolicy('admins');
    const { redirect } = await invite('admin', {
      email: '  Nora.New@ACME.test ',
      firstName: 'Nora',
      lastName: 'New',
      role: 'admin',
    });
    expect(redirect).toBe('/org-settings/users');
    const [inv] = await invitationFor('nora.new@acme.test');
    expect(inv).toMatchObject({
      orgId,
      role: 'admin',
      firstName: 'Nora',
      lastName: 'New',
      invitedByUserId: ids.admin,
      acceptedAt: null,
      revokedAt: null,
    });
    expect(inv.expiresAt.getTime() - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(inv.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    expect(await audits('invitation.created', inv.id)).toHaveLength(1);
    const [mail] = await mailsTo('nora.new@acme.test');
    expect(mail.subject).toBe('Adam User invited you to Acme on Roster');
    expect(mail.text).toContain('Adam User invited you to join Acme');
    const token = tokenIn(mail.text)!;
    expect(hashToken(token)).toBe(inv.tokenHash);
    expect(inv.tokenHash).not.toContain(token);

    const html = await render(as.admin, () => PendingInvitations({ orgId }));
    expect(html).toContain('role="status"');
    expect(html).toContain('Invitation sent to nora.new@acme.test.');
    expect(html).toContain('Admin · Invited by Adam User');
  });

  it('answers each invalid field without writing anything', async () => {
    await setPolicy('admins');
    const before = (await (await getDb()).select().from(invitations)).length;
    const { result } = await as.admin.action(inviteUser, {
      email: 'not-an-email',
      firstName: '',
      lastName: 'x'.repeat(101),
      role: 'superuser',
    });
    expect(result?.status).toBe('error');
    expect(result?.fieldErrors).toMatchObject({
      email: ['Enter a valid email address, like name@example.com.'],
      firstName: ['Fill in this field.'],
      lastName: ['This is too long.'],
      role: ['Choose a role.'],
    });
    expect(result?.values).toMatchObject({ email: 'not-an-email', role: 'superuser' });
    expect((await (await getDb()).select().from(invitations)).length).toBe(before);
  });

  it('refuses an address an existing user already has, whatever its case', async () => {
    await setPolicy('admins');
    for (const email of ['mia@acme.test', 'MIA@Acme.Test', 'stan@globex.test']) {
      const { result } = await invite('admin', { email });
      expect(result?.fieldErrors?.email, email).toEqual(['A user with this email already exists.']);
    }
    expect(await invitationFor('mia@acme.test')).toHaveLength(0);
  });

  it('keeps one pending invitation per address: a second one revokes the first', async () => {
    await setPolicy('admins');
    const email = fresh();
    await invite('admin', { email });
    const firstToken = tokenIn((await mailsTo(email))[0].text)!;
    await invite('owner', { email });
    const [second, first] = await invitationFor(email);
    expect(first.revokedAt).not.toBeNull();
    expect(second.revokedAt).toBeNull();
    expect((await findInvitation(await getDb(), firstToken))?.state).toBe('revoked');
    // The first link is dead: its mail, not sent yet, was dropped.
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('enforces the allowed domains exactly, after NFKC', async () => {
    await setPolicy('admins', ['example.com']);
    for (const email of ['a@evilexample.com', 'a@example.com.evil.test', 'a@sub.example.com']) {
      const { result } = await invite('admin', { email });
      expect(result?.fieldErrors?.email, email).toEqual([DOMAIN_ERROR]);
    }
    const lookalike = await invite('admin', { email: 'a@ex\u0430mple.com' });
    expect(lookalike.result?.fieldErrors?.email).toBeDefined();
    // A look-alike "@" is refused whatever domain it seems to name.
    for (const email of ['fw＠example.com', 'fw﹫example.com', 'a@example.com＠evil.test']) {
      const { result } = await invite('admin', { email });
      expect(result?.fieldErrors?.email, email).toEqual([
        'Type the @ as an ordinary @ sign; this one only looks like it.',
      ]);
    }
    expect(await invitationFor('fw@example.com')).toHaveLength(0);
    // Other compatibility characters still normalise: a full-width letter is the letter.
    const fullWidthLetter = await invite('admin', { email: 'ｆw@example.com' });
    expect(fullWidthLetter.redirect).toBe('/org-settings/users');
    expect(await invitationFor('fw@example.com')).toHaveLength(1);
    const rows = await (await getDb()).select().from(invitations).where(eq(invitations.orgId, orgId));
    expect(rows.filter((r) => !r.email.endsWith('@example.com') && r.email.includes('example'))).toHaveLength(0);
    await setPolicy('admins');
  });

  it('translates the domain refusal', async () => {
    await setPolicy('admins', ['example.com']);
    const setLocale = async (locale: string) =>
      (await getDb()).update(users).set({ locale }).where(eq(users.id, ids.admin));
    await setLocale('de');
    const { result } = await invite('admin', { email: 'a@evil.test' });
    await setLocale('en');
    expect(result?.fieldErrors?.email).toEqual([
      'Diese E-Mail-Domain ist laut der Einladungsrichtlinie Ihrer Organisation nicht erlaubt.',
    ]);
    await setPolicy('admins');
  });
});

describe('lib/org/invite, the path import and the API share', () => {
  it('applies the same policy, domain and role rules without the form', async () => {
    const db = await getDb();
    const fields = { firstName: 'A', lastName: 'B', role: 'member' as const };
    await setPolicy('admins', ['example.com']);
    const actor = async (id: string) => actorOf({ user: await getUser(id), org: { id: orgId, name: 'Org' } });
    const admin = await actor(ids.admin);
    expect(await inviteDirectly(db, admin, { ...fields, email: 'x@example.com.evil.test' })).toEqual({
      ok: false,
      reason: 'invalid',
      fieldErrors: { email: ['invites.errors.domainNotAllowed'] },
    });
    expect(await inviteDirectly(db, await actor(ids.member), { ...fields, email: 'y@example.com' })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    // Deactivated after signing in: the stored status decides, not what the caller holds.
    await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, ids.admin));
    expect(await inviteDirectly(db, admin, { ...fields, email: 'z@example.com' })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    await db.update(users).set({ status: 'active' }).where(eq(users.id, ids.admin));
    const ok = await inviteDirectly(db, admin, { ...fields, email: 'Direct@Example.com' });
    expect(ok).toMatchObject({ ok: true, email: 'direct@example.com' });
    expect(tokenIn((await mailsTo('direct@example.com'))[0].text)).toBeDefined();
    await setPolicy('admins');
  });
});

describe('resending and revoking', () => {
  async function pending(email: string) {
    await setPolicy('admins');
    await invite('admin', { email });
    return (await invitationFor(email))[0];
  }
  const post = (who: Who | 'stranger', action: typeof resendInvitation, invitationId: string) =>
    as[who].run(() => action(toFormData({ invitationId })));

  it('resend voids the old token, mails a new link and audits it; an expired one can be resent', async () => {
    const email = fresh();
    const old = await pending(email);
    const oldToken = tokenIn((await mailsTo(email))[0].text)!;
    await (
      await getDb()
    )
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, old.id));
    expect(await render(as.admin, () => PendingInvitations({ orgId }))).toMatch(
      new RegExp(`${email}<span[^>]*>Expired</span>`),
    );

    await post('owner', resendInvitation, old.id);
    const [current, previous] = await invitationFor(email);
    expect(previous.revokedAt).not.toBeNull();
    expect(current).toMatchObject({ revokedAt: null, acceptedAt: null, role: 'member', invitedByUserId: ids.owner });
    expect(current.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const mails = await mailsTo(email);
    // Only the new link's mail: the old one, not sent yet, was dropped with its invitation.
    expect(mails).toHaveLength(1);
    const newToken = tokenIn(mails[0].text)!;
    expect(newToken).not.toBe(oldToken);
    expect(hashToken(newToken)).toBe(current.tokenHash);
    expect((await findInvitation(await getDb(), oldToken))?.state).toBe('revoked');
    expect((await findInvitation(await getDb(), newToken))?.state).toBe('pending');
    expect((await audits('invitation.resent', current.id))[0].data).toMatchObject({ previousInvitationId: old.id });
    expect(await render(as.owner, () => PendingInvitations({ orgId }))).toContain(
      `A new invitation was sent to ${email}`,
    );
  });

  it('revoke voids the invitation and audits it', async () => {
    const email = fresh();
    const inv = await pending(email);
    await post('admin', revokeInvitation, inv.id);
    const [after] = await invitationFor(email);
    expect(after.revokedAt).not.toBeNull();
    expect(await audits('invitation.revoked', inv.id)).toHaveLength(1);
    const html = await render(as.admin, () => PendingInvitations({ orgId }));
    expect(html).toContain(`The invitation for ${email} was revoked.`);
    expect(html).not.toContain(`>${email}<`);
  });

  it('resend re-checks the domain policy', async () => {
    const email = fresh('old-domain.test');
    const inv = await pending(email);
    await setPolicy('admins', ['acme.test']);
    await post('admin', resendInvitation, inv.id);
    expect((await invitationFor(email)).map((r) => r.revokedAt)).toEqual([null]);
    expect(await mailsTo(email)).toHaveLength(1);
    expect(await render(as.admin, () => PendingInvitations({ orgId }))).toContain(DOMAIN_ERROR.replace("'", '&#x27;'));
    await setPolicy('admins');
  });

  it("does nothing with another organization's invitation id, or a malformed one", async () => {
    const email = fresh();
    const inv = await pending(email);
    for (const id of [inv.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      await post('stranger', resendInvitation, id);
      await post('stranger', revokeInvitation, id);
    }
    expect((await invitationFor(email)).map((r) => r.revokedAt)).toEqual([null]);
    expect(await mailsTo(email)).toHaveLength(1);
    const foreign = await (await getDb()).select().from(auditLog).where(eq(auditLog.orgId, otherOrgId));
    expect(foreign.filter((a) => a.action.startsWith('invitation.'))).toHaveLength(0);
    expect(await render(as.stranger, () => PendingInvitations({ orgId }))).toBe('');
  });

  it('answers 404 to someone who may not invite, and lets a plain member manage only their own invitations', async () => {
    const email = fresh();
    const inv = await pending(email);
    expect((await post('member', revokeInvitation, inv.id)).notFound).toBe(true);
    await setPolicy('everyone');
    await post('member', revokeInvitation, inv.id);
    expect((await invitationFor(email))[0].revokedAt).toBeNull();
    const own = fresh();
    await invite('member', { email: own });
    await post('member', revokeInvitation, (await invitationFor(own))[0].id);
    expect((await invitationFor(own))[0].revokedAt).not.toBeNull();
    await setPolicy('admins');
  });
});

describe('the invite policy page', () => {
  it('is 404 without policies.manage', async () => {
    expect((await as.custom.run(() => InvitePolicyPage())).notFound).toBe(true);
    expect(
      (await as.custom.action(updateInvitePolicy, { invitePolicy: 'everyone', allowedDomains: '' })).notFound,
    ).toBe(true);
    expect((await as.admin.run(() => InvitePolicyPage())).notFound).toBeUndefined();
  });

  it("normalises, deduplicates and saves the domains with an audit entry, in the caller's organization only", async () => {
    const { result } = await as.admin.action(updateInvitePolicy, {
      invitePolicy: 'managers',
      allowedDomains: ' @Example.COM, Bücher.example\nexample.com.\n\n',
    });
    expect(result).toMatchObject({ status: 'success', message: 'Invite policy saved.' });
    const [org] = await (await getDb()).select().from(organizations).where(eq(organizations.id, orgId));
    expect(org).toMatchObject({
      invitePolicy: 'managers',
      allowedEmailDomains: ['example.com', 'xn--bcher-kva.example'],
    });
    expect((await audits('org.invite_policy_changed', orgId)).at(-1)?.data).toMatchObject({
      to: { invitePolicy: 'managers' },
    });
    const [other] = await (await getDb()).select().from(organizations).where(eq(organizations.id, otherOrgId));
    expect(other).toMatchObject({ invitePolicy: 'admins', allowedEmailDomains: [] });
  });

  it('refuses invalid domains and policies without writing', async () => {
    await setPolicy('admins', ['acme.test']);
    const bad = await as.admin.action(updateInvitePolicy, {
      invitePolicy: 'everyone',
      allowedDomains: 'acme.test, *.evil.test\nlocalhost',
    });
    expect(bad.result?.fieldErrors?.allowedDomains).toEqual(['These are not valid domains: *.evil.test, localhost.']);
    const policy = await as.admin.action(updateInvitePolicy, { invitePolicy: 'anyone', allowedDomains: '' });
    expect(policy.result?.fieldErrors?.invitePolicy).toEqual(['Choose who can invite people.']);
    const [org] = await (await getDb()).select().from(organizations).where(eq(organizations.id, orgId));
    expect(org).toMatchObject({ invitePolicy: 'admins', allowedEmailDomains: ['acme.test'] });
    await setPolicy('admins');
  });
});
