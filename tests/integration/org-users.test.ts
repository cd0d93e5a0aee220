import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { createElement, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  cancelPendingEmailChange,
  changeEmail,
  changeRole,
  deactivate,
  reactivate,
  resendEmailChangeLink,
} from '@/app/(org)/org-settings/users/[id]/actions';
import UserPage from '@/app/(org)/org-settings/users/[id]/page';
import UsersPage from '@/app/(org)/org-settings/users/page';
import { confirmEmail } from '@/app/confirm-email/[token]/actions';
import ConfirmEmailPage from '@/app/confirm-email/[token]/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { I18nProvider } from '@/components/i18n-provider';
import { getDb } from '@/db';
import {
  auditLog,
  groupMembers,
  groups,
  mailOutbox,
  organizations,
  passwordResetTokens,
  roleAssignments,
  roles,
  sessions,
  users,
} from '@/db/schema';
import { getCurrentSession } from '@/lib/auth/current';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import {
  confirmEmailChange,
  findEmailChangeByToken,
  findPendingEmailChange,
  requestEmailChange,
  resendEmailChange,
} from '@/lib/org/email-change';
import { listUsers, parseUserListQuery, SEARCH_COUNT_CAP, searchCondition, userListHref } from '@/lib/org/users-query';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createAcmeStaff, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

type Who = 'owner' | 'admin' | 'member' | 'reader' | 'manager' | 'ana' | 'bo' | 'pct' | 'under' | 'foreign';
const id = {} as Record<Who | 'design' | 'foreignGroup', string>;
const as = {} as Record<'owner' | 'admin' | 'member' | 'reader' | 'manager', TestClient>;
let acme: string;
let bulk: string;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

async function html(browser: TestClient, tree: () => Promise<ReactNode>) {
  const outcome = await browser.run(async () => {
    const stream = await renderToReadableStream(
      createElement(I18nProvider, { locale: 'en', timeZone: 'UTC', messages: compiledMessagesFor('en') }, await tree()),
    );
    await stream.allReady;
    return new Response(stream).text();
  });
  return { ...outcome, text: outcome.result?.replace(/<!-- -->|<wbr\/>/g, '') ?? '' };
}
const listPage = (browser: TestClient, search: Record<string, string> = {}) =>
  html(browser, () => UsersPage({ searchParams: Promise.resolve(search) }));
const userPage = (browser: TestClient, userId: string) =>
  html(browser, () => UserPage({ params: Promise.resolve({ id: userId }) }));

const list = async (orgId: string, params: Record<string, string>) =>
  listUsers(await getDb(), orgId, parseUserListQuery(params));
const emails = async (orgId: string, params: Record<string, string>) =>
  (await list(orgId, params)).rows.map((r) => r.email);
const audits = async (action: string, targetId: string) =>
  (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
/** Every user row, to prove a refused request changed nothing. */
const snapshot = async () => JSON.stringify(await (await getDb()).select().from(users).orderBy(asc(users.id)));

beforeAll(async () => {
  const db = await getDb();
  const staff = await createAcmeStaff();
  acme = staff.orgId;
  Object.assign(id, staff.ids);
  id.manager = (await addUser(acme, { email: 'manager@acme.test', firstName: 'Manu' })).id;
  id.ana = (await addUser(acme, { email: 'ana.lopez@acme.test', firstName: 'Ana' })).id;
  id.bo = (await addUser(acme, { email: 'bo@acme.test', firstName: 'Bo' })).id;
  id.pct = (await addUser(acme, { email: 'percent@acme.test', firstName: 'Pat' })).id;
  id.under = (await addUser(acme, { email: 'under@acme.test', firstName: 'Uma' })).id;
  await db.update(users).set({ lastName: 'López', username: 'ANALO' }).where(eq(users.id, id.ana));
  await db.update(users).set({ username: '100%_sure', status: 'deactivated' }).where(eq(users.id, id.pct));
  await db.update(users).set({ username: 'snake_case' }).where(eq(users.id, id.under));
  await db.update(users).set({ status: 'invited' }).where(eq(users.id, id.bo));
  // Rita may read the list through a custom role; Manu may also manage users, as a member.
  const [manage] = await db
    .insert(roles)
    .values({ orgId: acme, name: 'People ops', permissions: ['users.read', 'users.manage'] })
    .returning();
  await db.insert(roleAssignments).values({ orgId: acme, roleId: manage.id, userId: id.manager });
  const [design] = await db.insert(groups).values({ orgId: acme, name: 'Design' }).returning();
  id.design = design.id;
  await db.insert(groupMembers).values([id.ana, id.bo].map((userId) => ({ orgId: acme, groupId: design.id, userId })));

  const globex = await createOrgWithUser({ orgName: 'Globex', email: 'ana@globex.test', role: 'owner' });
  id.foreign = globex.user.id;
  const [foreignGroup] = await db.insert(groups).values({ orgId: globex.org.id, name: 'Design' }).returning();
  id.foreignGroup = foreignGroup.id;
  await db.insert(groupMembers).values({ orgId: globex.org.id, groupId: foreignGroup.id, userId: id.foreign });

  const [b] = await db.insert(organizations).values({ name: 'Bulk' }).returning();
  bulk = b.id;
  await db.execute(sql`
    insert into users (org_id, email, first_name, last_name, created_at)
    select ${bulk}::uuid, 'person' || lpad(n::text, 4, '0') || '@bulk.test', 'Bulk', 'Person ' || lpad(n::text, 4, '0'), now() - n * interval '1 second'
    from generate_series(1, ${SEARCH_COUNT_CAP + 10}::int) as n`);

  for (const who of ['owner', 'admin', 'member', 'reader', 'manager'] as const)
    as[who] = await signIn(`${who}@acme.test`);
});

describe('the list query', () => {
  it('filters by a custom role held directly or through a group, within the organization', async () => {
    const db = await getDb();
    const [auditor] = await db
      .insert(roles)
      .values({ orgId: acme, name: 'Auditors', permissions: ['audit.read'] })
      .returning();
    // Ana gets it directly; Bo through the Design group (Ana is in it too: listed once).
    await db.insert(roleAssignments).values([
      { orgId: acme, roleId: auditor.id, userId: id.ana },
      { orgId: acme, roleId: auditor.id, groupId: id.design },
    ]);
    try {
      expect((await emails(acme, { role: auditor.id })).sort()).toEqual(['ana.lopez@acme.test', 'bo@acme.test']);
      expect(await emails(acme, { role: auditor.id, q: 'bo' })).toEqual(['bo@acme.test']);
      // The role id asked for in another organization matches no one there.
      expect(await emails(bulk, { role: auditor.id })).toEqual([]);
      // The page offers the custom roles in the Role filter and keeps the choice.
      const { text } = await listPage(as.admin, { role: auditor.id });
      expect(text).toContain(`<option value="${auditor.id}" selected="">Auditors</option>`);
      expect(text).toContain('Showing 1–2 of 2');
      // An unknown id is no filter at all.
      expect((await listPage(as.admin, { role: crypto.randomUUID() })).text).toContain('admin@acme.test');
    } finally {
      await db.delete(roles).where(eq(roles.id, auditor.id));
    }
  });

  it('searches name, email and username as a case-insensitive substring, within the organization only', async () => {
    expect(await emails(acme, { q: 'lópez' })).toEqual(['ana.lopez@acme.test']);
    expect(await emails(acme, { q: 'ANA L' })).toEqual(['ana.lopez@acme.test']);
    expect(await emails(acme, { q: 'nalo' })).toEqual(['ana.lopez@acme.test']);
    expect(await emails(acme, { q: 'globex' })).toEqual([]);
    expect(await emails(acme, { q: 'ana' })).not.toContain('ana@globex.test');
  });

  it('searches with an expression the trigram index can serve', async () => {
    // Tiny tables are scanned anyway; with scans made expensive the plan shows whether the
    // index matches the query's expression at all (a changed expression silently loses it).
    const db = await getDb();
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const query = tx.select({ id: users.id }).from(users).where(searchCondition('50%_off'));
      return JSON.stringify(await tx.execute(sql`explain ${query.getSQL()}`));
    });
    expect(plan).toContain('users_search_trgm_idx');
  });

  it('treats %, _ and \\ literally', async () => {
    expect(await emails(acme, { q: '%' })).toEqual(['percent@acme.test']);
    expect(await emails(acme, { q: '0%_s' })).toEqual(['percent@acme.test']);
    expect((await emails(acme, { q: '_' })).sort()).toEqual(['percent@acme.test', 'under@acme.test']);
    expect(await emails(acme, { q: '\\' })).toEqual([]);
    expect(await emails(acme, { q: 'ana\u0000' })).toContain('ana.lopez@acme.test');
  });

  it('filters by status, role and group; a foreign or malformed group id matches nobody or is ignored', async () => {
    expect(await emails(acme, { status: 'deactivated' })).toEqual(['percent@acme.test']);
    expect(await emails(acme, { status: 'invited' })).toEqual(['bo@acme.test']);
    expect(await emails(acme, { role: 'admin' })).toEqual(['admin@acme.test']);
    expect((await emails(acme, { group: id.design })).sort()).toEqual(['ana.lopez@acme.test', 'bo@acme.test']);
    expect(await emails(acme, { group: id.design, status: 'invited', q: 'bo' })).toEqual(['bo@acme.test']);
    expect(await emails(acme, { group: id.foreignGroup })).toEqual([]);
    expect((await list(acme, { group: 'nope', status: 'gone', role: 'god' })).total).toBe(9);
  });

  it('sorts and pages with exact totals, counts groups, and clamps a page past the end', async () => {
    const first = await list(bulk, {});
    expect(first).toMatchObject({
      total: 1010,
      totalIsLowerBound: false,
      page: 1,
      pageCount: 41,
      hasNext: true,
      from: 1,
      to: 25,
    });
    expect(first.rows[0].email).toBe('person0001@bulk.test');
    const second = await list(bulk, { page: '2' });
    expect(second.rows.map((r) => r.email)[0]).toBe('person0026@bulk.test');
    expect(await list(bulk, { page: '41' })).toMatchObject({ from: 1001, to: 1010, hasNext: false });
    expect(await list(bulk, { page: '999' })).toMatchObject({ page: 41, from: 1001 });
    expect((await list(bulk, { sort: 'newest' })).rows[0].email).toBe('person0001@bulk.test');
    expect((await list(bulk, { sort: 'oldest' })).rows[0].email).toBe('person1010@bulk.test');
    expect((await list(bulk, { sort: 'email_desc' })).rows[0].email).toBe('person1010@bulk.test');
    expect((await list(bulk, { sort: 'name_desc' })).rows[0].email).toBe('person1010@bulk.test');
    const withGroups = await list(acme, { q: 'ana.lopez' });
    expect(withGroups.rows[0].groupCount).toBe(1);
  });

  it('shows 25, 50 or 100 rows a page as asked, and 25 for any other size', async () => {
    expect(await list(bulk, { size: '50' })).toMatchObject({ pageCount: 21, from: 1, to: 50, hasNext: true });
    const third = await list(bulk, { size: '50', page: '3' });
    expect(third).toMatchObject({ from: 101, to: 150 });
    expect(third.rows[0].email).toBe('person0101@bulk.test');
    expect(await list(bulk, { size: '100', page: '11' })).toMatchObject({ from: 1001, to: 1010, hasNext: false });
    expect(await list(bulk, { size: '100', page: '99' })).toMatchObject({ page: 11, from: 1001 });
    for (const size of ['7', '1000', '-50', '50.5', ''])
      expect(await list(bulk, { size }), size).toMatchObject({ pageCount: 41, to: 25 });
    expect(userListHref(parseUserListQuery({ size: '50', page: '2', q: 'x' }), { page: 3 })).toBe(
      '/org-settings/users?q=x&page=3&size=50',
    );
    expect(userListHref(parseUserListQuery({ size: '25' }))).toBe('/org-settings/users');
  });

  it('caps the count of a search that matches more than the cap, and still pages on', async () => {
    const broad = await list(bulk, { q: 'person' });
    expect(broad).toMatchObject({
      total: SEARCH_COUNT_CAP,
      totalIsLowerBound: true,
      pageCount: null,
      hasNext: true,
      from: 1,
      to: 25,
    });
    expect(await list(bulk, { q: 'person', page: '41' })).toMatchObject({ from: 1001, to: 1010, hasNext: false });
    expect(await list(bulk, { q: 'person1' })).toMatchObject({ total: 11, totalIsLowerBound: false });
  });
});

describe('the pages', () => {
  it('render the list with filters, rows linking to each user, the count and "New user"', async () => {
    const { text } = await listPage(as.admin, { q: 'acme', status: 'active', sort: 'email' });
    expect(text).toContain('<h1');
    expect(text).toMatch(/<form[^>]*action="\/org-settings\/users" method="get"/);
    for (const label of ['Search', 'Status', 'Role', 'Group', 'Sort by', 'Rows per page'])
      expect(text).toContain(`>${label}</label>`);
    expect(text).toMatch(/<select[^>]*name="size"/);
    expect(text).toContain('>Apply</button>');
    expect(text).toContain('href="/org-settings/users/new"');
    expect(text).toContain('Showing 1–7 of 7');
    expect(text).toContain(`href="/org-settings/users/${id.ana}"`);
    expect(text).not.toContain('globex');
    expect(text.indexOf('admin@acme.test')).toBeLessThan(text.indexOf('under@acme.test'));
    expect(text).toContain('Pending invitations');
  });

  it('show a user with their groups, and forms only to those who may manage them', async () => {
    const admin = await userPage(as.admin, id.ana);
    expect(admin.text).toContain('Ana López');
    expect(admin.text).toContain('>Design</');
    for (const button of ['Change email', 'Change role', 'Deactivate'])
      expect(admin.text).toContain(`>${button}</button>`);
    expect((await listPage(as.reader)).text).toContain(`href="/org-settings/users/${id.ana}"`);
    const reader = await userPage(as.reader, id.ana);
    expect(reader.text).toContain('ana.lopez@acme.test');
    expect(reader.text).not.toContain('>Change email</button>');
    expect(reader.text).toContain('You can see this person but not change them');
    // A member managing users through a custom role may not touch an admin.
    expect((await userPage(as.manager, id.admin)).text).toContain('Only an owner can change an owner');
    expect((await userPage(as.admin, id.admin)).text).toContain('You cannot deactivate yourself');
  });

  it('keep Hidden groups, and Private ones the viewer is not in, from a viewer without groups.manage', async () => {
    const db = await getDb();
    const [hidden] = await db
      .insert(groups)
      .values({ orgId: acme, name: 'Exit talks', visibility: 'hidden' })
      .returning();
    const [secret] = await db.insert(groups).values({ orgId: acme, name: 'Board', visibility: 'private' }).returning();
    const [shared] = await db
      .insert(groups)
      .values({ orgId: acme, name: 'Book club', visibility: 'private' })
      .returning();
    await db
      .insert(groupMembers)
      .values([
        ...[hidden, secret, shared].map((g) => ({ orgId: acme, groupId: g.id, userId: id.ana })),
        { orgId: acme, groupId: shared.id, userId: id.reader },
      ]);
    try {
      const reader = (await userPage(as.reader, id.ana)).text;
      expect(reader).toContain('>Design</');
      expect(reader).toContain('>Book club</');
      expect(reader).not.toContain('Exit talks');
      expect(reader).not.toContain('>Board</');
      const admin = (await userPage(as.admin, id.ana)).text;
      for (const name of ['Exit talks', 'Board', 'Book club']) expect(admin).toContain(name);

      // The group filter neither offers nor honours a group the viewer may not see.
      const offered = (await listPage(as.reader)).text;
      expect(offered).toContain('Book club');
      expect(offered).not.toContain('Exit talks');
      const filtered = (await listPage(as.reader, { group: hidden.id })).text;
      expect(filtered).toContain('admin@acme.test'); // the filter was dropped: everyone is listed
      expect((await listPage(as.admin, { group: hidden.id })).text).not.toContain('admin@acme.test');
    } finally {
      await db.delete(groups).where(inArray(groups.id, [hidden.id, secret.id, shared.id]));
    }
  });

  it('answer 404 without users.read, and for another organization’s or a malformed id', async () => {
    expect((await listPage(as.member)).notFound).toBe(true);
    expect((await userPage(as.member, id.ana)).notFound).toBe(true);
    for (const userId of [id.foreign, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      expect((await userPage(as.admin, userId)).notFound).toBe(true);
    }
  });
});

describe('permissions of the actions', () => {
  it('a member without users.manage gets 404 from every action, with or without users.read, and nothing changes', async () => {
    const before = await snapshot();
    for (const browser of [as.member, as.reader]) {
      expect((await browser.action(changeEmail, { userId: id.bo, email: 'x@acme.test' })).notFound).toBe(true);
      expect((await browser.action(changeRole, { userId: id.bo, role: 'admin' })).notFound).toBe(true);
      expect((await browser.action(deactivate, { userId: id.bo, confirm: 'on' })).notFound).toBe(true);
      expect((await browser.action(reactivate, { userId: id.pct })).notFound).toBe(true);
    }
    expect(await snapshot()).toBe(before);
  });

  it('another organization’s user id is a 404 for every action and changes nothing', async () => {
    const before = await snapshot();
    for (const userId of [id.foreign, 'not-a-uuid', '']) {
      expect((await as.owner.action(changeEmail, { userId, email: 'taken-over@acme.test' })).notFound).toBe(true);
      expect((await as.owner.action(changeRole, { userId, role: 'member' })).notFound).toBe(true);
      expect((await as.owner.action(deactivate, { userId, confirm: 'on' })).notFound).toBe(true);
      expect((await as.owner.action(reactivate, { userId })).notFound).toBe(true);
    }
    expect(await snapshot()).toBe(before);
  });
});

describe('changing the email', () => {
  it('asks the new address to confirm; the change, its audit entry and the voided reset links wait for that', async () => {
    const db = await getDb();
    const user = await addUser(acme, { email: 'old.address@acme.test', firstName: 'Olga' });
    await db
      .insert(passwordResetTokens)
      .values({ orgId: acme, userId: user.id, tokenHash: 'h'.repeat(64), expiresAt: new Date(Date.now() + 600_000) });
    const { result } = await as.admin.action(changeEmail, { userId: user.id, email: '  New.Address@ACME.test ' });
    expect(result).toMatchObject({
      status: 'success',
      message: expect.stringContaining('A confirmation link was sent to the new address'),
    });
    // Nothing about the account changed yet: it still signs in with the old address.
    expect(await getUser(user.id)).toMatchObject({ email: 'old.address@acme.test', version: user.version });
    expect((await audits('user.email_change_requested', user.id))[0]).toMatchObject({
      actorUserId: id.admin,
      data: { from: 'old.address@acme.test', to: 'new.address@acme.test' },
    });
    expect(await audits('user.email_changed', user.id)).toHaveLength(0);
    const mails = await db
      .select()
      .from(mailOutbox)
      .where(inArray(mailOutbox.to, ['old.address@acme.test', 'new.address@acme.test']));
    const toNew = mails.find((m) => m.to === 'new.address@acme.test')!;
    const toOld = mails.find((m) => m.to === 'old.address@acme.test')!;
    expect(toNew.subject).toBe('Confirm the new email address of your Roster account');
    expect(toOld.subject).toBe('A new email address was requested for your Roster account');
    expect(toOld.text).not.toContain('/confirm-email/');
    const page = await html(as.admin, () => UserPage({ params: Promise.resolve({ id: user.id }) }));
    expect(page.text).toContain('Waiting for confirmation from new.address@acme.test');

    const token = /\/confirm-email\/([A-Za-z0-9_-]+)/.exec(toNew.text)![1];
    const visitor = new TestClient('198.51.100.7');
    const shown = await visitor.run(() => ConfirmEmailPage({ params: Promise.resolve({ token }) }));
    expect(shown.result).toBeTruthy();
    expect((await visitor.action(confirmEmail, { token })).redirect).toBe('/sign-in');
    expect(visitor.flash).toMatchObject({ key: 'signIn.notice.emailConfirmed' });
    expect(await getUser(user.id)).toMatchObject({ email: 'new.address@acme.test', version: user.version + 1 });
    expect((await audits('user.email_changed', user.id))[0]).toMatchObject({
      actorUserId: user.id,
      data: { from: 'old.address@acme.test', to: 'new.address@acme.test' },
    });
    expect(await db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id))).toHaveLength(0);
    const told = await db
      .select()
      .from(mailOutbox)
      .where(
        and(
          eq(mailOutbox.to, 'old.address@acme.test'),
          eq(mailOutbox.subject, 'The email address of your Roster account was changed'),
        ),
      );
    expect(told).toHaveLength(1);
    expect(await signIn('new.address@acme.test')).toBeTruthy();
    // The link works once.
    expect((await visitor.action(confirmEmail, { token })).result?.message).toMatch(/no longer valid/);
    expect((await visitor.action(confirmEmail, { token: 'x'.repeat(43) })).result?.message).toMatch(/no longer valid/);
  });

  it('the link works for seven days (clock injected), and the admin can resend it or cancel the change', async () => {
    const db = await getDb();
    const user = await addUser(acme, { email: 'typo.victim@acme.test', firstName: 'Tess' });
    const [owner] = await db.select().from(users).where(eq(users.id, id.owner));
    const actor = { id: owner.id, orgId: acme, orgName: 'Acme', role: owner.role };
    const meta = { ip: '203.0.113.9', userAgent: 'test' };
    const day = 86_400_000;
    // Requested five days ago, so that the resent link below is still open on the real clock too.
    const t0 = new Date(Date.now() - 5 * day);
    const linksTo = async (to: string) =>
      (await db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(asc(mailOutbox.createdAt))).map(
        (m) => /\/confirm-email\/([A-Za-z0-9_-]+)/.exec(m.text)![1],
      );

    expect(await requestEmailChange(db, actor, user.id, 'tess@acme.tset', meta, t0)).toBe('requested');
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'tess@acme.tset'));
    expect(mail.text).toContain('within 7 days');
    const [first] = await linksTo('tess@acme.tset');
    // Six days on it still opens; eight days on it is gone, and so is the pending line.
    expect(await findEmailChangeByToken(db, first, false, new Date(t0.getTime() + 6 * day))).toBeTruthy();
    expect(await findPendingEmailChange(db, acme, user.id, new Date(t0.getTime() + 6 * day))).toMatchObject({
      newEmail: 'tess@acme.tset',
    });
    expect(await findEmailChangeByToken(db, first, false, new Date(t0.getTime() + 8 * day))).toBeNull();
    expect(await findPendingEmailChange(db, acme, user.id, new Date(t0.getTime() + 8 * day))).toBeNull();
    expect(await confirmEmailChange(db, first, meta, new Date(t0.getTime() + 8 * day))).toBe('invalid');

    // Resent on day 6: a new link for seven more days; the first one stops working.
    const resent = await resendEmailChange(db, actor, user.id, meta, new Date(t0.getTime() + 6 * day));
    expect(resent).toEqual({ done: true, email: 'tess@acme.tset' });
    const [, second] = await linksTo('tess@acme.tset');
    expect(await findEmailChangeByToken(db, first, false, new Date(t0.getTime() + 6 * day))).toBeNull();
    expect(await findEmailChangeByToken(db, second, false, new Date(t0.getTime() + 12 * day))).toBeTruthy();
    expect((await audits('user.email_change_resent', user.id))[0]).toMatchObject({ data: { to: 'tess@acme.tset' } });

    // The admin's page offers Resend and Cancel, through the actions (a plain form each).
    const page = await html(as.admin, () => UserPage({ params: Promise.resolve({ id: user.id }) }));
    expect(page.text).toContain('Waiting for confirmation from tess@acme.tset');
    expect(page.text).toContain('Resend');
    const viaPage = await as.admin.run(() => resendEmailChangeLink(toFormData({ userId: user.id })));
    expect(as.admin.flash).toMatchObject({ key: 'orgUsers.email.resent', values: { email: 'tess@acme.tset' } });
    expect(viaPage.notFound).toBeFalsy();
    const third = (await linksTo('tess@acme.tset')).at(-1)!;

    await as.admin.run(() => cancelPendingEmailChange(toFormData({ userId: user.id })));
    expect(as.admin.flash).toMatchObject({ key: 'orgUsers.email.cancelled', values: { email: 'tess@acme.tset' } });
    expect(await findPendingEmailChange(db, acme, user.id)).toBeNull();
    expect(await confirmEmailChange(db, third, meta)).toBe('invalid');
    expect((await getUser(user.id)).email).toBe('typo.victim@acme.test');
    expect(await audits('user.email_change_cancelled', user.id)).toHaveLength(1);
    const [told] = await db
      .select()
      .from(mailOutbox)
      .where(
        and(
          eq(mailOutbox.to, 'typo.victim@acme.test'),
          eq(mailOutbox.subject, 'The email change for your Roster account was cancelled'),
        ),
      );
    expect(told.text).toContain('tess@acme.tset');
    // Nothing left to cancel or resend: said so, nothing written.
    await as.admin.run(() => cancelPendingEmailChange(toFormData({ userId: user.id })));
    expect(as.admin.flash).toMatchObject({ key: 'orgUsers.email.nonePending' });
    // Someone the actor may not manage, or of another organization: not found.
    expect((await as.member.run(() => resendEmailChangeLink(toFormData({ userId: user.id })))).notFound).toBe(true);
    expect((await as.admin.run(() => cancelPendingEmailChange(toFormData({ userId: id.foreignGroup })))).notFound).toBe(
      true,
    );
  });

  it('a newer request replaces the older link, and an address taken meanwhile is not confirmed', async () => {
    const db = await getDb();
    const user = await addUser(acme, { email: 'twice@acme.test' });
    await as.admin.action(changeEmail, { userId: user.id, email: 'first.try@acme.test' });
    await as.admin.action(changeEmail, { userId: user.id, email: 'second.try@acme.test' });
    const linkTo = async (to: string) => {
      const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, to));
      return /\/confirm-email\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    };
    const visitor = new TestClient('198.51.100.8');
    expect(
      (await visitor.action(confirmEmail, { token: await linkTo('first.try@acme.test') })).result?.message,
    ).toMatch(/no longer valid/);
    const second = await linkTo('second.try@acme.test');
    await addUser(acme, { email: 'second.try@acme.test' });
    expect((await visitor.action(confirmEmail, { token: second })).result?.message).toMatch(
      /Another account already uses this email address/,
    );
    expect((await getUser(user.id)).email).toBe('twice@acme.test');
  });

  it('refuses a taken (in any organization, any case), invalid, empty or unchanged address as a field error', async () => {
    const db = await getDb();
    const mailsBefore = (await db.select().from(mailOutbox)).length;
    const before = await snapshot();
    const cases: Array<[string, string]> = [
      ['MEMBER@acme.test', 'Another account already uses this email address.'],
      ['Ana@Globex.test', 'Another account already uses this email address.'],
      ['not-an-email', 'Enter a valid email address, like name@example.com.'],
      ['', 'Enter an email address.'],
      ['bo@acme.test', 'This already is the user’s email address.'],
    ];
    for (const [email, message] of cases) {
      const { result } = await as.admin.action(changeEmail, { userId: id.bo, email });
      expect(result?.status).toBe('error');
      expect(result?.fieldErrors?.email).toEqual([message]);
      expect(result?.values?.email).toBe(email);
    }
    expect(await snapshot()).toBe(before);
    expect((await db.select().from(mailOutbox)).length).toBe(mailsBefore);
  });

  it('lets nobody below an owner change an owner’s address, nor a custom-role manager an admin’s', async () => {
    const before = await snapshot();
    expect((await as.admin.action(changeEmail, { userId: id.owner, email: 'mine@acme.test' })).result?.message).toMatch(
      /Only an owner can change an owner/,
    );
    expect((await as.manager.action(changeEmail, { userId: id.admin, email: 'mine@acme.test' })).result?.status).toBe(
      'error',
    );
    expect(await snapshot()).toBe(before);
    expect((await as.manager.action(changeEmail, { userId: id.under, email: 'uma@acme.test' })).result?.status).toBe(
      'success',
    );
  });
});

describe('changing the role', () => {
  it('lets an admin make a member an admin and back, with audit entries', async () => {
    const user = await addUser(acme, { email: 'promoted@acme.test' });
    const { result } = await as.admin.action(changeRole, { userId: user.id, role: 'admin' });
    expect(result).toMatchObject({ status: 'success', message: 'Role changed to Admin.' });
    expect((await getUser(user.id)).role).toBe('admin');
    expect((await as.admin.action(changeRole, { userId: user.id, role: 'member' })).result?.status).toBe('success');
    const entries = await audits('user.role_changed', user.id);
    expect(entries.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { from: 'member', to: 'admin' },
        { from: 'admin', to: 'member' },
      ]),
    );
  });

  it('lets only an owner make an owner or demote one; a custom-role manager cannot make admins', async () => {
    const user = await addUser(acme, { email: 'climber@acme.test' });
    const before = await snapshot();
    const refused: Array<[TestClient, string, string, RegExp]> = [
      [as.admin, user.id, 'owner', /Only an owner can make someone an owner/],
      [as.admin, id.owner, 'admin', /Only an owner can make someone an owner/],
      [as.manager, user.id, 'admin', /Only owners and admins can make someone an admin/],
      [as.manager, id.manager, 'admin', /Only owners and admins/],
      [as.admin, user.id, 'superuser', /Choose one of the listed roles/],
      [as.admin, user.id, 'member', /already has this role/],
    ];
    for (const [browser, userId, role, message] of refused) {
      const { result } = await browser.action(changeRole, { userId, role });
      expect(result?.fieldErrors?.role?.join(' ')).toMatch(message);
    }
    expect(await snapshot()).toBe(before);
    expect((await as.owner.action(changeRole, { userId: user.id, role: 'owner' })).result?.status).toBe('success');
    expect((await as.owner.action(changeRole, { userId: user.id, role: 'member' })).result?.status).toBe('success');
  });

  it('never demotes the last active owner, even when two owners demote each other at once', async () => {
    const solo = await createOrgWithUser({ orgName: 'Solo', email: 'solo@solo.test', role: 'owner' });
    const browser = await signIn('solo@solo.test');
    expect(
      (await browser.action(changeRole, { userId: solo.user.id, role: 'admin' })).result?.fieldErrors?.role,
    ).toEqual(['The organization needs at least one active owner. Make someone else an owner first.']);
    const second = await addUser(solo.org.id, { email: 'second@solo.test', role: 'owner' });
    const other = await signIn('second@solo.test');
    const outcomes = await Promise.all([
      browser.action(changeRole, { userId: second.id, role: 'member' }),
      other.action(changeRole, { userId: solo.user.id, role: 'member' }),
    ]);
    // The loser either waited for the lock and was refused, or (run after the winner) lost the right to manage users.
    expect(outcomes.filter((o) => o.result?.status === 'success')).toHaveLength(1);
    const owners = await (
      await getDb()
    )
      .select()
      .from(users)
      .where(and(eq(users.orgId, solo.org.id), eq(users.role, 'owner')));
    expect(owners).toHaveLength(1);
  });
});

describe('deactivating and reactivating', () => {
  it('ends the user’s sessions, blocks sign-in and keeps the data; reactivating lets them back in', async () => {
    const db = await getDb();
    const user = await addUser(acme, { email: 'leaver@acme.test', firstName: 'Lee' });
    const leaver = await signIn('leaver@acme.test');
    const missingBox = await as.admin.action(deactivate, { userId: user.id });
    expect(missingBox.result?.fieldErrors?.confirm).toEqual(['Tick the box to confirm.']);
    expect((await getUser(user.id)).status).toBe('active');

    const outcome = await as.admin.action(deactivate, { userId: user.id, confirm: 'on' });
    expect(outcome.redirect).toBe(`/org-settings/users/${user.id}`);
    expect(as.admin.flash).toMatchObject({ status: 'success', key: 'orgUsers.deactivate.done' });
    const after = await getUser(user.id);
    expect(after).toMatchObject({ status: 'deactivated', email: 'leaver@acme.test', firstName: 'Lee' });
    expect(after.deactivatedAt).toBeInstanceOf(Date);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await leaver.run(() => getCurrentSession())).result).toBeNull();
    expect(
      (await new TestClient().action(signInWithPassword, { email: 'leaver@acme.test', password: STRONG_PASSWORD }))
        .result?.status,
    ).toBe('error');
    expect((await audits('user.deactivated', user.id))[0]).toMatchObject({
      actorUserId: id.admin,
      data: { from: 'active', to: 'deactivated', sessionsEnded: 1 },
    });
    // The page the action led to says what happened, once (the proxy then expires the message).
    expect((await userPage(as.admin, user.id)).text).toContain('User deactivated and signed out everywhere.');
    expect((await as.admin.action(deactivate, { userId: user.id, confirm: 'on' })).result?.message).toBe(
      'This user is already deactivated.',
    );

    const back = await as.admin.action(reactivate, { userId: user.id });
    expect(back.redirect).toBe(`/org-settings/users/${user.id}`);
    expect(as.admin.flash).toMatchObject({ status: 'success', key: 'orgUsers.reactivate.done' });
    expect(await getUser(user.id)).toMatchObject({ status: 'active', deactivatedAt: null });
    expect((await audits('user.reactivated', user.id))[0]).toMatchObject({
      actorUserId: id.admin,
      data: { from: 'deactivated', to: 'active' },
    });
    expect(await signIn('leaver@acme.test')).toBeTruthy();
    expect((await as.admin.action(reactivate, { userId: user.id })).result?.message).toBe(
      'This user is not deactivated.',
    );
  });

  it('refuses to deactivate yourself, an owner (for an admin), or the last owner when two owners race', async () => {
    const before = await snapshot();
    expect((await as.admin.action(deactivate, { userId: id.admin, confirm: 'on' })).result?.message).toMatch(
      /cannot deactivate yourself/,
    );
    expect((await as.admin.action(deactivate, { userId: id.owner, confirm: 'on' })).result?.message).toMatch(
      /Only an owner/,
    );
    expect((await as.manager.action(deactivate, { userId: id.admin, confirm: 'on' })).result?.status).toBe('error');
    expect(await snapshot()).toBe(before);

    const duo = await createOrgWithUser({ orgName: 'Duo', email: 'one@duo.test', role: 'owner' });
    await addUser(duo.org.id, { email: 'two@duo.test', role: 'owner' });
    const [one, two] = [await signIn('one@duo.test'), await signIn('two@duo.test')];
    const ids = await (
      await getDb()
    )
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(eq(users.orgId, duo.org.id));
    const idOf = (email: string) => ids.find((u) => u.email === email)!.id;
    const outcomes = await Promise.all([
      one.action(deactivate, { userId: idOf('two@duo.test'), confirm: 'on' }),
      two.action(deactivate, { userId: idOf('one@duo.test'), confirm: 'on' }),
    ]);
    const active = await (
      await getDb()
    )
      .select()
      .from(users)
      .where(and(eq(users.orgId, duo.org.id), eq(users.status, 'active')));
    expect(active).toHaveLength(1);
    // One deactivation goes through. The other is refused: as the last owner's when both run at
    // once, or, when it starts after the first has committed, because its own account is gone
    // (sent to sign in, or not found).
    expect(outcomes.filter((o) => o.redirect?.startsWith('/org-settings/users/'))).toHaveLength(1);
    expect(outcomes.filter((o) => o.result?.status === 'success')).toHaveLength(0);
  });
});
