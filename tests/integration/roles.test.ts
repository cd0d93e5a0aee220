import { and, eq } from 'drizzle-orm';
import { createElement, type ComponentProps, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';

import OrgSettingsLayout from '@/app/(org)/org-settings/layout';
import EditRolePage from '@/app/(org)/org-settings/roles/[roleId]/page';
import { createRole, deleteRole, updateRole } from '@/app/(org)/org-settings/roles/actions';
import { assignRole, unassignRole } from '@/app/(org)/org-settings/roles/assignment-actions';
import RoleAssignmentsPage from '@/app/(org)/org-settings/roles/assignments/page';
import CheckUserPage from '@/app/(org)/org-settings/roles/check/page';
import NewRolePage from '@/app/(org)/org-settings/roles/new/page';
import RolesPage from '@/app/(org)/org-settings/roles/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, groupMembers, groups, roleAssignments, roles } from '@/db/schema';
import { loadEffectivePermissions } from '@/lib/auth/authorize';
import { requireOrgAccess, requirePermission } from '@/lib/auth/current';
import { setFlash } from '@/lib/http/flash';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import { getRequestIntl } from '@/lib/i18n/server';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

let orgId: string;
let otherOrgId: string;
const ids = {} as Record<
  'owner' | 'admin' | 'member' | 'sam' | 'uma' | 'helpdesk' | 'hive' | 'spy' | 'spyAssignment',
  string
>;
const as = {} as Record<'owner' | 'member' | 'sam', TestClient>;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

async function render(browser: TestClient, tree: () => Promise<ReactNode>) {
  return browser.run(async () => {
    const { locale, timeZone } = await getRequestIntl();
    const props = { locale, timeZone, messages: compiledMessagesFor(locale) } as ComponentProps<typeof IntlProvider>;
    // Streamed, as Next renders it: the page's async parts (the message after a redirect) finish first.
    const stream = await renderToReadableStream(createElement(IntlProvider, props, await tree()));
    await stream.allReady;
    return new Response(stream).text();
  });
}

const db = () => getDb();
const rolesOf = async (org: string) => (await db()).select().from(roles).where(eq(roles.orgId, org));
const roleNamed = async (name: string) => (await rolesOf(orgId)).find((r) => r.name === name);
const audits = async (action: string) =>
  (await db())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.orgId, orgId)));
const assignmentsOf = async (org: string) =>
  (await db()).select().from(roleAssignments).where(eq(roleAssignments.orgId, org));

beforeAll(async () => {
  const { org, user: owner } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  orgId = org.id;
  ids.owner = owner.id;
  ids.admin = (await addUser(orgId, { email: 'adam@acme.test', role: 'admin', firstName: 'Adam' })).id;
  ids.member = (await addUser(orgId, { email: 'mia@acme.test', role: 'member', firstName: 'Mia' })).id;
  ids.sam = (await addUser(orgId, { email: 'sam@acme.test', role: 'member', firstName: 'Sam' })).id;
  const [helpdesk] = await (await db()).insert(groups).values({ orgId, name: 'Helpdesk' }).returning();
  ids.helpdesk = helpdesk.id;
  await (await db()).insert(groupMembers).values({ orgId, groupId: helpdesk.id, userId: ids.sam });

  const other = await createOrgWithUser({ orgName: 'Umbrella', email: 'otto@umbrella.test', role: 'owner' });
  otherOrgId = other.org.id;
  ids.uma = (await addUser(otherOrgId, { email: 'uma@umbrella.test' })).id;
  const [hive] = await (await db()).insert(groups).values({ orgId: otherOrgId, name: 'Hive' }).returning();
  ids.hive = hive.id;
  const [spy] = await (
    await db()
  )
    .insert(roles)
    .values({ orgId: otherOrgId, name: 'Spy', permissions: ['users.read'] })
    .returning();
  ids.spy = spy.id;
  const [spyAssignment] = await (
    await db()
  )
    .insert(roleAssignments)
    .values({ orgId: otherOrgId, roleId: spy.id, userId: ids.uma })
    .returning();
  ids.spyAssignment = spyAssignment.id;

  as.owner = await signIn('olga@acme.test');
  as.member = await signIn('mia@acme.test');
});

describe('without roles.manage', () => {
  it('pages and every action answer 404 and change nothing', async () => {
    const before = await rolesOf(orgId);
    expect((await as.member.run(() => RolesPage({ searchParams: Promise.resolve({}) }))).notFound).toBe(true);
    expect((await as.member.run(() => NewRolePage())).notFound).toBe(true);
    expect((await as.member.run(() => RoleAssignmentsPage({ searchParams: Promise.resolve({}) }))).notFound).toBe(true);
    expect((await as.member.run(() => CheckUserPage({ searchParams: Promise.resolve({}) }))).notFound).toBe(true);
    expect((await as.member.run(() => OrgSettingsLayout({ children: null }))).notFound).toBe(true);
    const outcomes = await Promise.all([
      as.member.action(createRole, { name: 'Sneaky', perm_roles_manage: 'on' }),
      as.member.action(updateRole, { roleId: ids.spy, name: 'Sneaky', perm_roles_manage: 'on' }),
      as.member.action(deleteRole, { roleId: ids.spy, confirmName: 'Spy' }),
      as.member.action(assignRole, { roleId: ids.spy, assignee: `user:${ids.member}` }),
      as.member.action(unassignRole, { assignmentId: ids.spyAssignment }),
    ]);
    for (const outcome of outcomes) expect(outcome.notFound).toBe(true);
    expect(await rolesOf(orgId)).toEqual(before);
    expect(await assignmentsOf(otherOrgId)).toHaveLength(1);
  });
});

describe('custom roles', () => {
  it('creates a role with only the ticked permissions and audits it', async () => {
    const outcome = await as.owner.action(createRole, {
      name: '  Support ',
      description: 'First line',
      perm_users_read: 'on',
      perm_groups_manage: 'on',
    });
    expect(outcome.redirect).toBe('/org-settings/roles');
    expect(as.owner.flash).toMatchObject({ status: 'success', key: 'orgRoles.created' });
    const role = await roleNamed('Support');
    expect(role).toMatchObject({ description: 'First line', permissions: ['users.read', 'groups.manage'] });
    const [entry] = await audits('role.created');
    expect(entry).toMatchObject({ actorUserId: ids.owner, targetType: 'role', targetId: role!.id, ip: '203.0.113.10' });
    expect(entry.data).toEqual({ name: 'Support', permissions: ['users.read', 'groups.manage'] });
  });

  it('refuses each invalid field and writes nothing', async () => {
    const before = await rolesOf(orgId);
    const empty = await as.owner.action(createRole, { name: '   ', perm_users_read: 'on' });
    expect(empty.result?.fieldErrors?.name).toEqual(['Fill in this field.']);
    const long = await as.owner.action(createRole, { name: 'x'.repeat(61), perm_users_read: 'on' });
    expect(long.result?.fieldErrors?.name).toEqual(['This is too long.']);
    const longDescription = await as.owner.action(createRole, {
      name: 'Ok',
      description: 'd'.repeat(301),
      perm_users_read: 'on',
    });
    expect(longDescription.result?.fieldErrors?.description).toEqual(['This is too long.']);
    const none = await as.owner.action(createRole, { name: 'Nothing' });
    expect(none.result?.fieldErrors?.permissions).toEqual(['Choose at least one permission.']);
    // A box for a permission that does not exist is not a permission at all.
    const unknown = await as.owner.action(createRole, {
      name: 'Root',
      perm_everything: 'on',
      permissions: ['superuser', 'users.read'],
    });
    expect(unknown.result?.fieldErrors?.permissions).toEqual(['Choose at least one permission.']);
    const duplicate = await as.owner.action(createRole, { name: 'SUPPORT', perm_audit_read: 'on' });
    expect(duplicate.result?.fieldErrors?.name).toEqual(['A role with this name already exists.']);
    const reserved = await as.owner.action(createRole, { name: 'admin', perm_audit_read: 'on' });
    expect(reserved.result?.fieldErrors?.name).toEqual(['This name belongs to a managed role. Choose another.']);
    expect(await rolesOf(orgId)).toEqual(before);
    // Without JavaScript the form is re-rendered from the echoed values: every ticked box comes back.
    const echoed = await as.owner.action(createRole, { name: '', perm_users_read: 'on', perm_audit_read: 'on' });
    expect(echoed.result?.values).toMatchObject({ perm_users_read: 'on', perm_audit_read: 'on' });
  });

  it('keeps only known permissions when unknown ones come along', async () => {
    const outcome = await as.owner.action(createRole, {
      name: 'Auditor',
      perm_audit_read: 'on',
      perm_root: 'on',
      permissions: 'root',
    });
    expect(outcome.redirect).toBe('/org-settings/roles');
    expect((await roleNamed('Auditor'))?.permissions).toEqual(['audit.read']);
  });

  it('edits a role, records what changed, and answers unchanged saves without an entry', async () => {
    const role = (await roleNamed('Support'))!;
    const outcome = await as.owner.action(updateRole, {
      roleId: role.id,
      name: 'Support desk',
      description: 'First line',
      perm_users_read: 'on',
      perm_users_invite: 'on',
    });
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Role saved.' });
    expect(await roleNamed('Support desk')).toMatchObject({ id: role.id, permissions: ['users.read', 'users.invite'] });
    const [entry] = await audits('role.updated');
    expect(entry.data).toMatchObject({
      name: 'Support desk',
      previousName: 'Support',
      added: ['users.invite'],
      removed: ['groups.manage'],
    });

    const again = await as.owner.action(updateRole, {
      roleId: role.id,
      name: 'Support desk',
      description: 'First line',
      perm_users_read: 'on',
      perm_users_invite: 'on',
    });
    expect(again.result?.status).toBe('success');
    expect(await audits('role.updated')).toHaveLength(1);

    const taken = await as.owner.action(updateRole, { roleId: role.id, name: 'auditor', perm_users_read: 'on' });
    expect(taken.result?.fieldErrors?.name).toEqual(['A role with this name already exists.']);
    const none = await as.owner.action(updateRole, { roleId: role.id, name: 'Support desk' });
    expect(none.result?.fieldErrors?.permissions).toBeDefined();
    expect((await roleNamed('Support desk'))?.permissions).toEqual(['users.read', 'users.invite']);
  });

  it("treats another organization's role as unknown: nothing is edited or deleted", async () => {
    const edit = await as.owner.action(updateRole, { roleId: ids.spy, name: 'Turned', perm_roles_manage: 'on' });
    expect(edit.result).toMatchObject({ status: 'error', message: 'This role no longer exists. Reload the page.' });
    const remove = await as.owner.action(deleteRole, { roleId: ids.spy, confirmName: 'Spy' });
    expect(remove.result?.status).toBe('error');
    const missing = await as.owner.action(updateRole, { name: 'No id', perm_users_read: 'on' });
    expect(missing.result?.status).toBe('error');
    const [spy] = await rolesOf(otherOrgId);
    expect(spy).toMatchObject({ id: ids.spy, name: 'Spy', permissions: ['users.read'] });
    expect((await as.owner.run(() => EditRolePage({ params: Promise.resolve({ roleId: ids.spy }) }))).notFound).toBe(
      true,
    );
    expect(
      (await as.owner.run(() => EditRolePage({ params: Promise.resolve({ roleId: 'not-a-uuid' }) }))).notFound,
    ).toBe(true);
  });

  it('renders the list with managed roles, permission labels and the edit page', async () => {
    await as.owner.run(() => setFlash('/org-settings/roles', { status: 'success', key: 'orgRoles.created' }));
    const page = await render(as.owner, () => RolesPage({ searchParams: Promise.resolve({}) }));
    expect(page.result).toContain('Managed roles');
    expect(page.result).toContain('Full control of the organization, including its owners.');
    expect(page.result).toContain('View people');
    expect(page.result).toContain('See and export who did what, when and from where.');
    expect(page.result).toContain('Support desk');
    expect(page.result).toMatch(/role="status"[^>]*>Role created\./);
    const role = (await roleNamed('Support desk'))!;
    const edit = await render(as.owner, () => EditRolePage({ params: Promise.resolve({ roleId: role.id }) }));
    expect(edit.result).toContain('Role name');
    expect(edit.result).toContain('Type the role name to confirm');
    const fresh = await render(as.owner, () => NewRolePage());
    expect(fresh.result).toContain('Create role');
  });
});

describe('assignments', () => {
  it('assigns a role to a person and to a group, once each', async () => {
    const support = (await roleNamed('Support desk'))!;
    const auditor = (await roleNamed('Auditor'))!;
    const toSam = await as.owner.action(assignRole, { roleId: support.id, assignee: `user:${ids.sam}` });
    expect(toSam.result).toMatchObject({ status: 'success', message: 'Role assigned.' });
    const toGroup = await as.owner.action(assignRole, { roleId: auditor.id, assignee: `group:${ids.helpdesk}` });
    expect(toGroup.result?.status).toBe('success');
    const twice = await as.owner.action(assignRole, { roleId: support.id, assignee: `user:${ids.sam}` });
    expect(twice.result?.fieldErrors?.assignee).toEqual(['This role is already assigned there.']);
    const rows = await assignmentsOf(orgId);
    expect(rows.map((r) => [r.roleId, r.userId, r.groupId])).toEqual(
      expect.arrayContaining([
        [support.id, ids.sam, null],
        [auditor.id, null, ids.helpdesk],
      ]),
    );
    expect(rows).toHaveLength(2);
    const entries = await audits('role.assigned');
    expect(entries.map((e) => [e.targetType, e.targetId])).toEqual(
      expect.arrayContaining([
        ['user', ids.sam],
        ['group', ids.helpdesk],
      ]),
    );
  });

  it("never assigns another organization's role, person or group, nor anything malformed", async () => {
    const support = (await roleNamed('Support desk'))!;
    const foreignRole = await as.owner.action(assignRole, { roleId: ids.spy, assignee: `user:${ids.member}` });
    expect(foreignRole.result?.fieldErrors?.roleId).toEqual(['Choose a custom role.']);
    const foreignUser = await as.owner.action(assignRole, { roleId: support.id, assignee: `user:${ids.uma}` });
    expect(foreignUser.result?.fieldErrors?.assignee).toEqual(['Choose a person or a group.']);
    const foreignGroup = await as.owner.action(assignRole, { roleId: support.id, assignee: `group:${ids.hive}` });
    expect(foreignGroup.result?.fieldErrors?.assignee).toEqual(['Choose a person or a group.']);
    const malformed = await as.owner.action(assignRole, { roleId: support.id, assignee: `team:${ids.helpdesk}` });
    expect(malformed.result?.fieldErrors?.assignee).toBeDefined();
    const empty = await as.owner.action(assignRole, { roleId: '', assignee: '' });
    expect(Object.keys(empty.result?.fieldErrors ?? {}).sort()).toEqual(['assignee', 'roleId']);
    expect(await assignmentsOf(orgId)).toHaveLength(2);
    expect(await assignmentsOf(otherOrgId)).toHaveLength(1);
  });

  it('shows where each effective permission comes from', async () => {
    const sam = await getUser(ids.sam);
    const effective = await loadEffectivePermissions(await db(), sam);
    expect([...effective.keys()].sort()).toEqual(['audit.read', 'users.invite', 'users.read']);
    expect(effective.get('users.read')).toEqual([expect.objectContaining({ kind: 'role', roleName: 'Support desk' })]);
    expect(effective.get('audit.read')).toEqual([
      expect.objectContaining({ kind: 'group', roleName: 'Auditor', groupName: 'Helpdesk' }),
    ]);

    const check = (user: string) => render(as.owner, () => CheckUserPage({ searchParams: Promise.resolve({ user }) }));
    const page = await check(ids.sam);
    expect(page.result).toContain('Permissions of Sam User');
    expect(page.result).toContain('Role Support desk');
    expect(page.result).toContain('Role Auditor via group Helpdesk');
    const list = await render(as.owner, () => RolesPage({ searchParams: Promise.resolve({}) }));
    expect(list.result).toContain('Assigned 1 time');
    const admin = await check(ids.admin);
    expect(admin.result).toContain('Admin role');
    // Someone from another organization is not found, so there is nothing to show.
    const foreign = await check(ids.uma);
    expect(foreign.result).not.toContain('Permissions of');
    expect(foreign.result).not.toContain('uma@umbrella.test');
  });

  it('shows roles, user assignments and the check as views of their own, with tabs between them', async () => {
    const tabs = (html: string) =>
      [
        ...html.matchAll(/<a[^>]*href="(\/org-settings\/roles[^"]*)"[^>]*>(Roles|User assignments|Check a user)<\/a>/g),
      ].map((m) => [m[1], m[2], /aria-current="page"/.test(m[0])]);
    const roles = (await render(as.owner, () => RolesPage({ searchParams: Promise.resolve({}) }))).result!;
    const assignments = (await render(as.owner, () => RoleAssignmentsPage({ searchParams: Promise.resolve({}) })))
      .result!;
    const check = (await render(as.owner, () => CheckUserPage({ searchParams: Promise.resolve({}) }))).result!;
    const views = [
      ['/org-settings/roles', 'Roles'],
      ['/org-settings/roles/assignments', 'User assignments'],
      ['/org-settings/roles/check', 'Check a user'],
    ];
    [roles, assignments, check].forEach((html, current) =>
      expect(tabs(html)).toEqual(views.map(([href, label], i) => [href, label, i === current])),
    );

    // Each view holds its own part only.
    expect(roles).toContain('Custom roles');
    expect(roles).toContain('Managed roles');
    expect(roles).not.toContain('Assign role');
    expect(roles).not.toContain('id="check-user"');
    expect(assignments).toContain('Assign role');
    expect(assignments).toContain('Sam User (sam@acme.test)');
    expect(assignments).toContain('Group Helpdesk');
    expect(assignments).not.toContain('Managed roles');
    expect(assignments).not.toContain('id="check-user"');
    expect(check).toContain('id="check-user"');
    expect(check).not.toContain('Assign role');
    expect(check).not.toContain('Managed roles');

    // A search narrows the people offered, in each view on its own.
    const found = (await render(as.owner, () => RoleAssignmentsPage({ searchParams: Promise.resolve({ q: 'adam' }) })))
      .result!;
    expect(found).toContain('adam@acme.test');
    expect(found).not.toContain('>Mia User (mia@acme.test)<');
    const checkFound = (
      await render(as.owner, () => CheckUserPage({ searchParams: Promise.resolve({ q: 'mia', user: ids.sam }) }))
    ).result!;
    expect(checkFound).toContain('mia@acme.test');
    // The person being checked stays chosen while the search leaves them out.
    expect(checkFound).toMatch(new RegExp(`<option value="${ids.sam}" selected="">Sam User`));

    // "Assign this role" on a role's page opens the assignments with the role chosen.
    const support = (await roleNamed('Support desk'))!;
    const edit = (await render(as.owner, () => EditRolePage({ params: Promise.resolve({ roleId: support.id }) })))
      .result!;
    expect(edit).toContain(`href="/org-settings/roles/assignments?role=${support.id}#assignments-title"`);
    const chosen = (
      await render(as.owner, () => RoleAssignmentsPage({ searchParams: Promise.resolve({ role: support.id }) }))
    ).result!;
    expect(chosen).toMatch(new RegExp(`<option value="${support.id}" selected="">Support desk</option>`));
    // Another organization's role is not chosen, nor shown.
    const spy = (
      await render(as.owner, () => RoleAssignmentsPage({ searchParams: Promise.resolve({ role: ids.spy }) }))
    ).result!;
    expect(spy).not.toContain(ids.spy);
    expect(spy).not.toContain('Spy');

    // The addresses of the one long page lead to the views that replaced it.
    const old = await as.owner.run(() => RolesPage({ searchParams: Promise.resolve({ check: ids.sam }) }));
    expect(old.redirect).toBe(`/org-settings/roles/check?user=${ids.sam}`);
    const oldSearch = await as.owner.run(() => RolesPage({ searchParams: Promise.resolve({ q: 'sam' }) }));
    expect(oldSearch.redirect).toBe('/org-settings/roles/assignments?q=sam');
  });

  it('a custom role with users.read opens pages that need only that, and nothing more', async () => {
    as.sam = await signIn('sam@acme.test');
    expect((await as.sam.run(() => requireOrgAccess())).result?.user.id).toBe(ids.sam);
    expect((await as.sam.run(() => requirePermission('users.read'))).result?.user.id).toBe(ids.sam);
    expect((await as.sam.run(() => requirePermission('roles.manage'))).notFound).toBe(true);
    expect((await as.sam.run(() => RolesPage({ searchParams: Promise.resolve({}) }))).notFound).toBe(true);
    expect((await as.sam.action(createRole, { name: 'Mine', perm_roles_manage: 'on' })).notFound).toBe(true);
  });

  it("removes an assignment; another organization's or an unknown one is not found", async () => {
    const foreign = await as.owner.action(unassignRole, { assignmentId: ids.spyAssignment });
    expect(foreign.result).toMatchObject({
      status: 'error',
      message: 'This assignment no longer exists. Reload the page.',
    });
    const unknown = await as.owner.action(unassignRole, { assignmentId: crypto.randomUUID() });
    expect(unknown.result?.status).toBe('error');
    expect(await assignmentsOf(otherOrgId)).toHaveLength(1);

    const [mine] = (await assignmentsOf(orgId)).filter((a) => a.userId === ids.sam);
    const removed = await as.owner.action(unassignRole, { assignmentId: mine.id });
    expect(removed.result).toMatchObject({ status: 'success', message: 'Assignment removed.' });
    expect((await assignmentsOf(orgId)).some((a) => a.id === mine.id)).toBe(false);
    const [entry] = await audits('role.unassigned');
    expect(entry).toMatchObject({ targetType: 'user', targetId: ids.sam });
    // Sam lost users.read with it.
    expect((await as.sam.run(() => requirePermission('users.read'))).notFound).toBe(true);
  });
});

describe('deleting a role', () => {
  it('needs the typed name, then removes the role and its assignments', async () => {
    const auditor = (await roleNamed('Auditor'))!;
    const wrong = await as.owner.action(deleteRole, { roleId: auditor.id, confirmName: 'Audit' });
    expect(wrong.result?.fieldErrors?.confirmName).toEqual(['Type the role name exactly as shown.']);
    const blank = await as.owner.action(deleteRole, { roleId: auditor.id, confirmName: '' });
    expect(blank.result?.fieldErrors?.confirmName).toEqual(['Fill in this field.']);
    expect(await roleNamed('Auditor')).toBeDefined();

    const ok = await as.owner.action(deleteRole, { roleId: auditor.id, confirmName: ' auditor ' });
    expect(ok.redirect).toBe('/org-settings/roles');
    expect(as.owner.flash).toMatchObject({ key: 'orgRoles.deleted' });
    expect(await roleNamed('Auditor')).toBeUndefined();
    expect((await assignmentsOf(orgId)).some((a) => a.roleId === auditor.id)).toBe(false);
    const [entry] = await audits('role.deleted');
    expect(entry).toMatchObject({ targetId: auditor.id });
    expect(entry.data).toMatchObject({ name: 'Auditor', assignmentsRemoved: 1 });
    expect(await rolesOf(otherOrgId)).toHaveLength(1);
  });
});

describe('a role manager below admin', () => {
  it('grants, adds and assigns only permissions they hold themselves', async () => {
    const d = await db();
    const keeper = await addUser(orgId, { email: 'kim@acme.test', firstName: 'Kim' });
    const [rolesKeeper] = await d
      .insert(roles)
      .values({ orgId, name: 'Role keeper', permissions: ['roles.manage', 'users.read'] })
      .returning();
    const [powerful] = await d
      .insert(roles)
      .values({ orgId, name: 'Power', permissions: ['users.manage'] })
      .returning();
    await d.insert(roleAssignments).values({ orgId, roleId: rolesKeeper.id, userId: keeper.id });
    const kim = await signIn('kim@acme.test');
    const NOT_HELD = 'You can only grant permissions you hold yourself.';

    // The form offers only what Kim holds; the others are shown, switched off.
    const form = (await render(kim, () => NewRolePage())).result!;
    expect(form).toMatch(/<input[^>]*id="role-perm_users_manage"[^>]*disabled/);
    expect(form).not.toMatch(/<input[^>]*id="role-perm_users_read"[^>]*disabled/);
    expect(form).toContain('You do not hold this permission, so you cannot grant it.');

    const create = await kim.action(createRole, { name: 'Escalate', perm_users_manage: 'on' });
    expect(create.result?.fieldErrors?.permissions).toEqual([NOT_HELD]);
    expect(await roleNamed('Escalate')).toBeUndefined();

    const own = await kim.action(createRole, { name: 'Readers', perm_users_read: 'on' });
    expect(own.redirect).toBe('/org-settings/roles');
    const readers = (await roleNamed('Readers'))!;

    // Adding a permission beyond their own is refused; one the role already had may stay.
    const widen = await kim.action(updateRole, {
      roleId: readers.id,
      name: 'Readers',
      perm_users_read: 'on',
      perm_groups_manage: 'on',
    });
    expect(widen.result?.fieldErrors?.permissions).toEqual([NOT_HELD]);
    expect((await roleNamed('Readers'))!.permissions).toEqual(['users.read']);
    const rename = await kim.action(updateRole, { roleId: powerful.id, name: 'Power users', perm_users_manage: 'on' });
    expect(rename.result?.status).toBe('success');

    const assign = await kim.action(assignRole, { roleId: powerful.id, assignee: `user:${keeper.id}` });
    expect(assign.result?.fieldErrors?.roleId).toEqual([
      'This role grants permissions you do not hold yourself, so you cannot assign it.',
    ]);
    expect((await assignmentsOf(orgId)).some((a) => a.roleId === powerful.id)).toBe(false);
    expect((await kim.action(assignRole, { roleId: readers.id, assignee: `user:${ids.sam}` })).result?.status).toBe(
      'success',
    );

    // The owner holds every permission and is not limited.
    expect(
      (await as.owner.action(assignRole, { roleId: powerful.id, assignee: `user:${keeper.id}` })).result?.status,
    ).toBe('success');
  });
});
