import { and, eq } from 'drizzle-orm';
import { createElement, type ComponentProps, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';

import GroupPage from '@/app/(org)/org-settings/groups/[id]/page';
import { deleteGroup } from '@/app/(org)/org-settings/groups/actions';
import { addGroupMember, removeGroupMember } from '@/app/(org)/org-settings/groups/member-actions';
import EditRolePage from '@/app/(org)/org-settings/roles/[roleId]/page';
import { deleteRole, updateRole } from '@/app/(org)/org-settings/roles/actions';
import { assignRole, unassignRole } from '@/app/(org)/org-settings/roles/assignment-actions';
import { changeEmail, changeRole, deactivate, reactivate } from '@/app/(org)/org-settings/users/[id]/actions';
import UserPage from '@/app/(org)/org-settings/users/[id]/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { groupMembers, groups, roleAssignments, roles, users } from '@/db/schema';
import { requirePermission } from '@/lib/auth/current';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import { getRequestIntl } from '@/lib/i18n/server';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

// "Nobody grants what they do not hold": a custom role that lets someone manage groups, people or
// roles must never lift them, or take from others, beyond their own permissions.
useTestDatabase();

let orgId: string;
const ids = {} as Record<
  | 'owner'
  | 'admin'
  | 'gary'
  | 'uma'
  | 'rob'
  | 'tess'
  | 'plain'
  | 'auditors'
  | 'keepers'
  | 'auditor'
  | 'tessAuditor'
  | 'keeperRole'
  | 'readerRole',
  string
>;
const as = {} as Record<'gary' | 'uma' | 'rob' | 'admin', TestClient>;

const db = () => getDb();

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
    const stream = await renderToReadableStream(createElement(IntlProvider, props, await tree()));
    await stream.allReady;
    return new Response(stream).text();
  });
}

async function role(name: string, permissions: string[]) {
  const [row] = await (await db()).insert(roles).values({ orgId, name, permissions }).returning();
  return row.id;
}

async function assign(roleId: string, to: { userId?: string; groupId?: string }) {
  const [row] = await (
    await db()
  )
    .insert(roleAssignments)
    .values({ orgId, roleId, userId: to.userId ?? null, groupId: to.groupId ?? null })
    .returning();
  return row.id;
}

const membersOf = async (groupId: string) =>
  (
    await (
      await db()
    )
      .select({ userId: groupMembers.userId })
      .from(groupMembers)
      .where(eq(groupMembers.groupId, groupId))
  )
    .map((m) => m.userId)
    .sort();

beforeAll(async () => {
  const { org, user: owner } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  orgId = org.id;
  ids.owner = owner.id;
  ids.admin = (await addUser(orgId, { email: 'adam@acme.test', role: 'admin' })).id;
  ids.gary = (await addUser(orgId, { email: 'gary@acme.test', firstName: 'Gary' })).id;
  ids.uma = (await addUser(orgId, { email: 'uma@acme.test', firstName: 'Uma' })).id;
  ids.rob = (await addUser(orgId, { email: 'rob@acme.test', firstName: 'Rob' })).id;
  ids.tess = (await addUser(orgId, { email: 'tess@acme.test', firstName: 'Tess' })).id;
  ids.plain = (await addUser(orgId, { email: 'pat@acme.test', firstName: 'Pat' })).id;

  // Gary may manage groups; Uma may manage people; Rob may manage roles. Nothing more.
  await assign(await role('Group keeper', ['groups.manage']), { userId: ids.gary });
  await assign(await role('People manager', ['users.read', 'users.manage']), { userId: ids.uma });
  await assign(await role('Role keeper', ['roles.manage']), { userId: ids.rob });

  // "Auditors" carries a role stronger than any of theirs; "Keepers" only what Gary holds.
  ids.auditor = await role('Auditor', ['audit.read', 'policies.manage']);
  const [auditors] = await (await db()).insert(groups).values({ orgId, name: 'Auditors' }).returning();
  const [keepers] = await (await db()).insert(groups).values({ orgId, name: 'Keepers' }).returning();
  ids.auditors = auditors.id;
  ids.keepers = keepers.id;
  await assign(ids.auditor, { groupId: auditors.id });
  ids.keeperRole = await role('Keeper', ['groups.manage']);
  await assign(ids.keeperRole, { groupId: keepers.id });
  await (await db()).insert(groupMembers).values({ orgId, groupId: auditors.id, userId: ids.tess });
  ids.tessAuditor = await assign(ids.auditor, { userId: ids.tess });
  ids.readerRole = await role('Reader', ['users.read']);

  as.gary = await signIn('gary@acme.test');
  as.uma = await signIn('uma@acme.test');
  as.rob = await signIn('rob@acme.test');
  as.admin = await signIn('adam@acme.test');
});

describe('groups.manage', () => {
  it('cannot add oneself to a group whose roles grant more, so the audit log stays closed', async () => {
    const outcome = await as.gary.action(addGroupMember, { groupId: ids.auditors, userId: ids.gary });
    expect(outcome.result?.status).toBe('error');
    expect(outcome.result?.message).toContain('permissions you do not hold');
    expect(await membersOf(ids.auditors)).toEqual([ids.tess]);
    expect((await as.gary.run(() => requirePermission('audit.read'))).notFound).toBe(true);
    expect((await as.gary.run(() => requirePermission('policies.manage'))).notFound).toBe(true);
  });

  it('cannot remove members of such a group, nor delete it', async () => {
    const removed = await as.gary.action(removeGroupMember, { groupId: ids.auditors, userId: ids.tess });
    expect(removed.result?.status).toBe('error');
    const deleted = await as.gary.action(deleteGroup, { groupId: ids.auditors, confirmName: 'Auditors' });
    expect(deleted.redirect).toBeUndefined();
    expect(deleted.result?.status).toBe('error');
    expect(await membersOf(ids.auditors)).toEqual([ids.tess]);
    expect(await (await db()).select().from(groups).where(eq(groups.id, ids.auditors))).toHaveLength(1);
  });

  it('the group page says why and offers no member changes', async () => {
    const page = await render(as.gary, () =>
      GroupPage({ params: Promise.resolve({ id: ids.auditors }), searchParams: Promise.resolve({}) }),
    );
    expect(page.result).toContain('Only someone who holds them can change its members or delete it');
    expect(page.result).toContain('View audit log');
    expect(page.result).not.toContain('>Remove<');
    expect(page.result).not.toContain('Add members');
    expect(page.result).not.toContain('name="confirmName"');
  });

  it('still manages groups whose roles grant only what the manager holds', async () => {
    const added = await as.gary.action(addGroupMember, { groupId: ids.keepers, userId: ids.plain });
    expect(added.result?.status).toBe('success');
    const removed = await as.gary.action(removeGroupMember, { groupId: ids.keepers, userId: ids.plain });
    expect(removed.result?.status).toBe('success');
  });

  it('an admin, who holds everything, changes the stronger group', async () => {
    expect((await as.admin.action(addGroupMember, { groupId: ids.auditors, userId: ids.plain })).result?.status).toBe(
      'success',
    );
    expect(
      (await as.admin.action(removeGroupMember, { groupId: ids.auditors, userId: ids.plain })).result?.status,
    ).toBe('success');
  });
});

describe('users.manage through a custom role', () => {
  it('cannot change the email of someone who holds more, nor deactivate them', async () => {
    const before = await getUser(ids.tess);
    const email = await as.uma.action(changeEmail, { userId: ids.tess, email: 'mine@evil.test' });
    expect(email.result?.status).toBe('error');
    expect(email.result?.message).toContain('permissions you do not hold');
    const off = await as.uma.action(deactivate, { userId: ids.tess, confirm: 'on' });
    expect(off.result?.status).toBe('error');
    const after = await getUser(ids.tess);
    expect(after.email).toBe(before.email);
    expect(after.status).toBe('active');
  });

  it('the user page shows the stronger person read-only', async () => {
    const page = await render(as.uma, () => UserPage({ params: Promise.resolve({ id: ids.tess }) }));
    expect(page.result).toContain('they hold permissions you do not hold yourself');
    expect(page.result).not.toContain('name="email"');
    expect(page.result).not.toContain('name="confirm"');
  });

  it('still manages someone who holds nothing beyond the manager', async () => {
    const email = await as.uma.action(changeEmail, { userId: ids.plain, email: 'pat.new@acme.test' });
    expect(email.result?.status).toBe('success');
    expect((await as.uma.action(deactivate, { userId: ids.plain, confirm: 'on' })).redirect).toBe(
      `/org-settings/users/${ids.plain}`,
    );
    expect((await as.uma.action(reactivate, { userId: ids.plain })).redirect).toBe(`/org-settings/users/${ids.plain}`);
  });

  it('cannot change the managed role of an admin', async () => {
    const outcome = await as.uma.action(changeRole, { userId: ids.admin, role: 'member' });
    expect(outcome.result?.status).toBe('error');
    expect((await getUser(ids.admin)).role).toBe('admin');
  });
});

describe('roles.manage', () => {
  const roleRow = async (id: string) => (await (await db()).select().from(roles).where(eq(roles.id, id)))[0];

  it('cannot delete a role that grants what the manager lacks', async () => {
    const outcome = await as.rob.action(deleteRole, { roleId: ids.auditor, confirmName: 'Auditor' });
    expect(outcome.redirect).toBeUndefined();
    expect(outcome.result?.message).toContain('permissions you do not hold');
    expect(await roleRow(ids.auditor)).toBeDefined();
    expect(
      await (await db()).select().from(roleAssignments).where(eq(roleAssignments.roleId, ids.auditor)),
    ).toHaveLength(2);
  });

  it('cannot take a permission it lacks out of a role, but may rename it and keep it', async () => {
    const stripped = await as.rob.action(updateRole, {
      roleId: ids.auditor,
      name: 'Auditor',
      perm_policies_manage: 'on',
    });
    expect(stripped.result?.status).toBe('error');
    expect((await roleRow(ids.auditor)).permissions.sort()).toEqual(['audit.read', 'policies.manage']);
    // The edit form posts the permissions it may not touch as they are (hidden fields).
    const renamed = await as.rob.action(updateRole, {
      roleId: ids.auditor,
      name: 'Auditors role',
      perm_audit_read: 'on',
      perm_policies_manage: 'on',
    });
    expect(renamed.result?.status).toBe('success');
    expect((await roleRow(ids.auditor)).name).toBe('Auditors role');
    await as.admin.action(updateRole, {
      roleId: ids.auditor,
      name: 'Auditor',
      perm_audit_read: 'on',
      perm_policies_manage: 'on',
    });
  });

  it('cannot take such a role away from a person', async () => {
    const outcome = await as.rob.action(unassignRole, { assignmentId: ids.tessAuditor });
    expect(outcome.result?.status).toBe('error');
    expect(
      await (await db()).select().from(roleAssignments).where(eq(roleAssignments.id, ids.tessAuditor)),
    ).toHaveLength(1);
  });

  it('the role page offers no delete for it', async () => {
    const page = await render(as.rob, () => EditRolePage({ params: Promise.resolve({ roleId: ids.auditor }) }));
    expect(page.result).toContain('Only someone who holds them can delete it');
    expect(page.result).not.toContain('name="confirmName"');
  });

  it('still assigns, takes away and deletes roles within its own permissions', async () => {
    const mine = await role('Keeper two', ['roles.manage']);
    const assigned = await as.rob.action(assignRole, { roleId: mine, assignee: `user:${ids.plain}` });
    expect(assigned.result?.status).toBe('success');
    const [row] = await (
      await db()
    )
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.roleId, mine), eq(roleAssignments.userId, ids.plain)));
    expect((await as.rob.action(unassignRole, { assignmentId: row.id })).result?.status).toBe('success');
    expect((await as.rob.action(deleteRole, { roleId: mine, confirmName: 'Keeper two' })).redirect).toBe(
      '/org-settings/roles',
    );
    expect(as.rob.flash).toMatchObject({ key: 'orgRoles.deleted' });
  });

  it('cannot hand out a role beyond its own permissions (already the rule)', async () => {
    const outcome = await as.rob.action(assignRole, { roleId: ids.readerRole, assignee: `user:${ids.rob}` });
    expect(outcome.result?.status).toBe('error');
    expect(await (await db()).select().from(users).where(eq(users.id, ids.rob))).toHaveLength(1);
  });
});
