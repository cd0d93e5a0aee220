import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { auditLog, groupMembers, organizations, roleAssignments, roles } from '@/db/schema';
import type { OrgActor } from '@/lib/org/actor';
import { addGroupMember, createGroup, deleteGroup, removeGroupMember, updateGroup } from '@/lib/org/group-admin';
import { updateInvitePolicy, updateSecurityPolicy } from '@/lib/org/policies';
import { assignRole, createRole, deleteRole, unassignRole, updateRole } from '@/lib/org/role-admin';
import { changeUserRole, deactivateUser } from '@/lib/org/user-admin';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser } from '../support/fixtures';

// The rules live in the domain functions, so the token API and the CSV import get them by calling
// the same functions: these tests call them directly, with no form, session or cookie around.
useTestDatabase();

const meta = { ip: '192.0.2.1', userAgent: 'domain-test' };
let owner: OrgActor;
/** A member whose custom role grants groups.manage and roles.manage, and nothing else. */
let keeper: OrgActor;
let stranger: OrgActor;
let memberId: string;

const db = () => getDb();
const auditCount = async (orgId: string, action: string) =>
  (
    await (
      await db()
    )
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, action)))
  ).length;

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  owner = { id: user.id, orgId: org.id, orgName: org.name, role: 'owner' };
  const keeperUser = await addUser(org.id, { email: 'kim@acme.test', firstName: 'Kim' });
  memberId = (await addUser(org.id, { email: 'mo@acme.test', firstName: 'Mo' })).id;
  const [role] = await (
    await db()
  )
    .insert(roles)
    .values({ orgId: org.id, name: 'Keeper', permissions: ['groups.manage', 'roles.manage'] })
    .returning();
  await (await db()).insert(roleAssignments).values({ orgId: org.id, roleId: role.id, userId: keeperUser.id });
  keeper = { id: keeperUser.id, orgId: org.id, orgName: org.name, role: 'member' };
  const other = await createOrgWithUser({ orgName: 'Other', email: 'oscar@other.test', role: 'owner' });
  stranger = { id: other.user.id, orgId: other.org.id, orgName: other.org.name, role: 'owner' };
});

describe('groups', () => {
  it('creates, renames and deletes with one audit row each; another organization finds nothing', async () => {
    const made = await createGroup(
      await db(),
      owner,
      { name: 'Ops', type: 'team', visibility: 'public', description: '' },
      meta,
    );
    expect(made.ok).toBe(true);
    const groupId = made.ok ? made.groupId : '';
    expect(
      await createGroup(await db(), owner, { name: 'Ops', type: 'team', visibility: 'public', description: '' }, meta),
    ).toEqual({
      ok: false,
      error: 'nameTaken',
    });
    const input = {
      groupId,
      name: 'Operations',
      type: 'team' as const,
      visibility: 'public' as const,
      description: '',
    };
    expect(await updateGroup(await db(), stranger, input, meta)).toEqual({ ok: false, error: 'notFound' });
    expect(await updateGroup(await db(), owner, input, meta)).toEqual({ ok: true, changed: ['name'] });
    expect(await updateGroup(await db(), owner, input, meta)).toEqual({ ok: true, changed: [] });
    expect(await deleteGroup(await db(), owner, { groupId, confirmName: 'Ops' }, meta)).toEqual({
      ok: false,
      error: 'confirmName',
    });
    expect(await deleteGroup(await db(), owner, { groupId, confirmName: ' Operations ' }, meta)).toEqual({
      ok: true,
      name: 'Operations',
    });
    expect(await auditCount(owner.orgId, 'group.updated')).toBe(1);
    expect(await auditCount(owner.orgId, 'group.deleted')).toBe(1);
  });

  it('lets nobody change the members of a group whose roles grant more than they hold', async () => {
    const made = await createGroup(
      await db(),
      owner,
      { name: 'Auditors', type: 'team', visibility: 'hidden', description: '' },
      meta,
    );
    const groupId = made.ok ? made.groupId : '';
    const [auditor] = await (
      await db()
    )
      .insert(roles)
      .values({ orgId: owner.orgId, name: 'Auditor', permissions: ['audit.read'] })
      .returning();
    expect(
      await assignRole(await db(), owner, { roleId: auditor.id, assignee: { kind: 'group', id: groupId } }, meta),
    ).toEqual({ ok: true });

    // Kim manages groups but does not hold audit.read: joining would hand it out.
    expect(await addGroupMember(await db(), keeper, { groupId, userId: keeper.id }, meta)).toEqual({
      ok: false,
      error: 'grantsBeyondYours',
    });
    expect(await deleteGroup(await db(), keeper, { groupId, confirmName: 'Auditors' }, meta)).toEqual({
      ok: false,
      error: 'beyondYours',
    });
    expect(await addGroupMember(await db(), owner, { groupId, userId: memberId }, meta)).toEqual({ ok: true });
    expect(await addGroupMember(await db(), owner, { groupId, userId: memberId }, meta)).toEqual({
      ok: false,
      error: 'alreadyMember',
    });
    expect(await removeGroupMember(await db(), keeper, { groupId, userId: memberId }, meta)).toEqual({
      ok: false,
      error: 'grantsBeyondYours',
    });
    // Someone of another organization is not a person of this one.
    expect(await addGroupMember(await db(), owner, { groupId, userId: stranger.id }, meta)).toEqual({
      ok: false,
      error: 'userNotFound',
    });
    const members = await (await db()).select().from(groupMembers).where(eq(groupMembers.groupId, groupId));
    expect(members.map((m) => m.userId)).toEqual([memberId]);
  });
});

describe('roles', () => {
  it('grants, changes and takes away only what the actor holds', async () => {
    const permissions = ['users.read' as const];
    expect(await createRole(await db(), keeper, { name: 'Readers', description: '', permissions }, meta)).toEqual({
      ok: false,
      error: 'notHeld',
    });
    expect(
      await createRole(await db(), keeper, { name: 'admin', description: '', permissions: ['groups.manage'] }, meta),
    ).toEqual({
      ok: false,
      error: 'nameReserved',
    });
    const made = await createRole(
      await db(),
      keeper,
      { name: 'Group keepers', description: '', permissions: ['groups.manage'] },
      meta,
    );
    expect(made).toMatchObject({ ok: true, changed: true });
    const roleId = made.ok ? made.roleId : '';
    expect(
      await updateRole(
        await db(),
        keeper,
        { roleId, name: 'Group keepers', description: '', permissions: ['groups.manage', 'audit.read'] },
        meta,
      ),
    ).toEqual({ ok: false, error: 'notHeld' });
    expect(
      await updateRole(
        await db(),
        keeper,
        { roleId, name: 'Group keepers', description: '', permissions: ['groups.manage'] },
        meta,
      ),
    ).toEqual({ ok: true, roleId, changed: false });

    const [reader] = await (
      await db()
    )
      .insert(roles)
      .values({ orgId: owner.orgId, name: 'Directory', permissions: ['users.read'] })
      .returning();
    expect(
      await assignRole(await db(), keeper, { roleId: reader.id, assignee: { kind: 'user', id: memberId } }, meta),
    ).toEqual({
      ok: false,
      error: 'roleBeyondYours',
    });
    expect(
      await assignRole(await db(), owner, { roleId: reader.id, assignee: { kind: 'user', id: stranger.id } }, meta),
    ).toEqual({
      ok: false,
      error: 'chooseAssignee',
    });
    expect(
      await assignRole(await db(), owner, { roleId: reader.id, assignee: { kind: 'user', id: memberId } }, meta),
    ).toEqual({ ok: true });
    const [assignment] = await (await db()).select().from(roleAssignments).where(eq(roleAssignments.roleId, reader.id));
    expect(await unassignRole(await db(), keeper, { assignmentId: assignment.id }, meta)).toEqual({
      ok: false,
      error: 'unassignBeyondYours',
    });
    expect(await unassignRole(await db(), stranger, { assignmentId: assignment.id }, meta)).toEqual({
      ok: false,
      error: 'assignmentNotFound',
    });
    expect(await deleteRole(await db(), keeper, { roleId: reader.id, confirmName: 'Directory' }, meta)).toEqual({
      ok: false,
      error: 'beyondYours',
    });
    expect(await deleteRole(await db(), owner, { roleId: reader.id, confirmName: 'directory' }, meta)).toEqual({
      ok: true,
    });
  });
});

describe('people and policies', () => {
  it('changes a role and deactivates only within the organization and the actor’s rank', async () => {
    const admin = await addUser(owner.orgId, { email: 'ada@acme.test', role: 'admin' });
    const asAdmin: OrgActor = { id: admin.id, orgId: owner.orgId, orgName: 'Acme', role: 'admin' };
    expect(await changeUserRole(await db(), asAdmin, { userId: owner.id, role: 'member' }, meta)).toBe('owner-only');
    expect(await changeUserRole(await db(), stranger, { userId: memberId, role: 'admin' }, meta)).toBe('not-found');
    expect(await deactivateUser(await db(), asAdmin, { userId: asAdmin.id }, meta)).toBe('self');
    expect(await changeUserRole(await db(), owner, { userId: memberId, role: 'admin' }, meta)).toBe('changed');
  });

  it('checks the allowed domains and writes an audit row only for a real change', async () => {
    expect(
      await updateInvitePolicy(
        await db(),
        owner,
        { invitePolicy: 'managers', allowedDomains: 'acme.test, not a domain' },
        meta,
      ),
    ).toEqual({
      ok: false,
      error: 'invalidDomains',
      invalid: ['not', 'a', 'domain'],
    });
    const save = async () =>
      updateInvitePolicy(await db(), owner, { invitePolicy: 'managers', allowedDomains: '@ACME.test' }, meta);
    expect(await save()).toEqual({ ok: true, changed: true });
    expect(await save()).toEqual({ ok: true, changed: false });
    const [org] = await (await db()).select().from(organizations).where(eq(organizations.id, owner.orgId));
    expect(org).toMatchObject({ invitePolicy: 'managers', allowedEmailDomains: ['acme.test'] });
    expect(await auditCount(owner.orgId, 'org.invite_policy_changed')).toBe(1);

    const policy = {
      requireMfa: false,
      mfaGraceDays: 3,
      confirmOwnMfa: false,
      sessionIdleMinutes: org.sessionIdleMinutes,
      sessionAbsoluteHours: 24,
    } as const;
    const first = await updateSecurityPolicy(await db(), owner, policy, meta);
    expect(await updateSecurityPolicy(await db(), owner, policy, meta)).toEqual({ ok: true, changed: false });
    expect(await auditCount(owner.orgId, 'org.security_policy_changed')).toBe(first.ok && first.changed ? 1 : 0);
  });
});
