'use server';

import { and, eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { groups, roleAssignments, roles, users } from '@/db/schema';
import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { notHeld } from '@/lib/auth/authorize';
import { getCurrentPermissions } from '@/lib/auth/current';
import { findGroup, findPerson, findRole } from '@/lib/org/roles';

import { assignRoleSchema, unassignRoleSchema } from './schemas';

const PAGE = '/org-settings/roles';

/**
 * The role, the user and the group are each loaded within the caller's organization first; an
 * id from elsewhere reads as "not found" and nothing is written.
 */
export const assignRole = orgAction('roles.manage', assignRoleSchema, async (input, { current, meta, values }) => {
  const { org, user: actor } = current;
  const db = await getDb();
  const role = await findRole(db, org.id, input.roleId);
  if (!role) return failure('errors.checkFields', { roleId: ['orgRoles.errors.chooseRole'] }, values);
  // Assigning a role hands out what it grants: only what the assigner holds themselves.
  const held = await getCurrentPermissions();
  if (notHeld(held, role.permissions).length) {
    return failure('errors.checkFields', { roleId: ['orgRoles.errors.roleBeyondYours'] }, values);
  }
  const { kind, id } = input.assignee;
  const person = kind === 'user' ? await findPerson(db, org.id, id) : null;
  const group = kind === 'group' ? await findGroup(db, org.id, id) : null;
  if (!person && !group) return failure('errors.checkFields', { assignee: ['orgRoles.errors.chooseAssignee'] }, values);

  const inserted = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(roleAssignments)
      .values({ orgId: org.id, roleId: role.id, userId: person?.id ?? null, groupId: group?.id ?? null })
      .onConflictDoNothing()
      .returning({ id: roleAssignments.id });
    if (!rows.length) return false;
    await audit(tx, {
      orgId: org.id,
      actorUserId: actor.id,
      action: 'role.assigned',
      targetType: person ? 'user' : 'group',
      targetId: (person ?? group)!.id,
      data: {
        roleId: role.id,
        roleName: role.name,
        ...(person ? { email: person.email } : { groupName: group!.name }),
      },
      meta,
    });
    return true;
  });
  if (!inserted) return failure('errors.checkFields', { assignee: ['orgRoles.errors.alreadyAssigned'] }, values);
  revalidatePath(PAGE);
  return success('orgRoles.assigned');
});

export const unassignRole = orgAction('roles.manage', unassignRoleSchema, async (input, { current, meta }) => {
  const { org, user: actor } = current;
  const db = await getDb();
  const [found] = await db
    .select({
      id: roleAssignments.id,
      roleId: roles.id,
      roleName: roles.name,
      permissions: roles.permissions,
      userId: roleAssignments.userId,
      groupId: roleAssignments.groupId,
      email: users.email,
      groupName: groups.name,
    })
    .from(roleAssignments)
    .innerJoin(roles, and(eq(roles.id, roleAssignments.roleId), eq(roles.orgId, org.id)))
    .leftJoin(users, and(eq(users.id, roleAssignments.userId), eq(users.orgId, org.id)))
    .leftJoin(groups, and(eq(groups.id, roleAssignments.groupId), eq(groups.orgId, org.id)))
    .where(and(eq(roleAssignments.id, input.assignmentId), eq(roleAssignments.orgId, org.id)))
    .limit(1);
  if (!found) return failure('orgRoles.errors.assignmentNotFound');
  // Taking a role away follows the rule for handing it out: only what the remover holds.
  if (notHeld(await getCurrentPermissions(), found.permissions).length)
    return failure('orgRoles.errors.unassignBeyondYours');
  const removed = await db.transaction(async (tx) => {
    const rows = await tx
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.id, found.id), eq(roleAssignments.orgId, org.id)))
      .returning({ id: roleAssignments.id });
    if (!rows.length) return false;
    await audit(tx, {
      orgId: org.id,
      actorUserId: actor.id,
      action: 'role.unassigned',
      targetType: found.userId ? 'user' : 'group',
      targetId: (found.userId ?? found.groupId)!,
      data: {
        roleId: found.roleId,
        roleName: found.roleName,
        ...(found.userId ? { email: found.email } : { groupName: found.groupName }),
      },
      meta,
    });
    return true;
  });
  if (!removed) return failure('orgRoles.errors.assignmentNotFound');
  revalidatePath(PAGE);
  return success('orgRoles.unassigned');
});
