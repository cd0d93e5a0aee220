import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { groups, roleAssignments, roles, users } from '@/db/schema';

import { audit } from '../audit/log';
import { loadPermissionSet, notHeld } from '../auth/authorize';
import type { RequestMeta } from '../http/request-meta';
import { isUniqueViolation } from '../profile/unique-violation';
import type { OrgActor } from './actor';
import type { AssignRoleInput, DeleteRoleInput, RoleInput, UnassignRoleInput } from './role-schemas';
import { findGroup, findPerson, findRole, grantedPermissions, isReservedRoleName, roleNameTaken } from './roles';

/**
 * The one way custom roles and their assignments change. Holding roles.manage lets someone shape
 * and hand out roles, never rise above their own permissions: whatever a role grants (or stops
 * granting) must be the actor's own. Roles, people and groups are each looked up within the
 * actor's organization; an id from elsewhere reads as "not found" and nothing is written.
 */

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'> | undefined;
type Failure<E extends string> = { ok: false; error: E };

export type RoleWriteResult =
  { ok: true; roleId: string; changed: boolean } | Failure<'roleNotFound' | 'nameReserved' | 'nameTaken' | 'notHeld'>;

export async function createRole(db: Db, actor: OrgActor, input: RoleInput, meta?: Meta): Promise<RoleWriteResult> {
  if (isReservedRoleName(input.name)) return { ok: false, error: 'nameReserved' };
  if (await roleNameTaken(db, actor.orgId, input.name)) return { ok: false, error: 'nameTaken' };
  const held = await loadPermissionSet(db, actor);
  if (input.permissions.some((p) => !held.has(p))) return { ok: false, error: 'notHeld' };
  try {
    const roleId = await db.transaction(async (tx) => {
      const [role] = await tx
        .insert(roles)
        .values({
          orgId: actor.orgId,
          name: input.name,
          description: input.description,
          permissions: input.permissions,
        })
        .returning({ id: roles.id });
      await audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'role.created',
        targetType: 'role',
        targetId: role.id,
        data: { name: input.name, permissions: input.permissions },
        meta,
      });
      return role.id;
    });
    return { ok: true, roleId, changed: true };
  } catch (error) {
    // Two admins creating the same name at once: the index decides, the loser gets the field error.
    if (isUniqueViolation(error, 'roles_org_name_key')) return { ok: false, error: 'nameTaken' };
    throw error;
  }
}

export async function updateRole(db: Db, actor: OrgActor, input: RoleInput, meta?: Meta): Promise<RoleWriteResult> {
  const role = await findRole(db, actor.orgId, input.roleId);
  if (!role) return { ok: false, error: 'roleNotFound' };
  if (isReservedRoleName(input.name)) return { ok: false, error: 'nameReserved' };
  if (await roleNameTaken(db, actor.orgId, input.name, role.id)) return { ok: false, error: 'nameTaken' };
  const before = grantedPermissions(role.permissions);
  const held = await loadPermissionSet(db, actor);
  // Permissions the role already grants may stay; adding or taking one away changes other
  // people's access, so it must be the editor's own.
  const added = input.permissions.filter((p) => !before.includes(p));
  const removed = before.filter((p) => !input.permissions.includes(p));
  if (notHeld(held, [...added, ...removed]).length) return { ok: false, error: 'notHeld' };
  const changed: string[] = [];
  if (role.name !== input.name) changed.push('name');
  if (role.description !== input.description) changed.push('description');
  if (added.length || removed.length) changed.push('permissions');
  if (!changed.length) return { ok: true, roleId: role.id, changed: false };
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(roles)
        .set({
          name: input.name,
          description: input.description,
          permissions: input.permissions,
          updatedAt: new Date(),
        })
        .where(and(eq(roles.id, role.id), eq(roles.orgId, actor.orgId)));
      await audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'role.updated',
        targetType: 'role',
        targetId: role.id,
        data: {
          name: input.name,
          fields: changed,
          ...(role.name !== input.name ? { previousName: role.name } : {}),
          ...(changed.includes('permissions') ? { added, removed } : {}),
        },
        meta,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'roles_org_name_key')) return { ok: false, error: 'nameTaken' };
    throw error;
  }
  return { ok: true, roleId: role.id, changed: true };
}

export type DeleteRoleResult = { ok: true } | Failure<'roleNotFound' | 'beyondYours' | 'confirmName'>;

/** The typed name is the confirmation (compared without case), so deleting works without JavaScript. */
export async function deleteRole(
  db: Db,
  actor: OrgActor,
  input: DeleteRoleInput,
  meta?: Meta,
): Promise<DeleteRoleResult> {
  const role = await findRole(db, actor.orgId, input.roleId);
  if (!role) return { ok: false, error: 'roleNotFound' };
  // Deleting takes the role's permissions from everyone who holds it: the same rule as editing.
  if (notHeld(await loadPermissionSet(db, actor), role.permissions).length) return { ok: false, error: 'beyondYours' };
  if (input.confirmName.toLowerCase() !== role.name.trim().toLowerCase()) return { ok: false, error: 'confirmName' };
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.roleId, role.id), eq(roleAssignments.orgId, actor.orgId)))
      .returning({ id: roleAssignments.id });
    await tx.delete(roles).where(and(eq(roles.id, role.id), eq(roles.orgId, actor.orgId)));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'role.deleted',
      targetType: 'role',
      targetId: role.id,
      data: { name: role.name, permissions: grantedPermissions(role.permissions), assignmentsRemoved: removed.length },
      meta,
    });
  });
  return { ok: true };
}

export type AssignRoleResult =
  { ok: true } | Failure<'chooseRole' | 'roleBeyondYours' | 'chooseAssignee' | 'alreadyAssigned'>;

/** Assigning a role hands out what it grants: only what the assigner holds themselves. */
export async function assignRole(
  db: Db,
  actor: OrgActor,
  input: AssignRoleInput,
  meta?: Meta,
): Promise<AssignRoleResult> {
  const role = await findRole(db, actor.orgId, input.roleId);
  if (!role) return { ok: false, error: 'chooseRole' };
  if (notHeld(await loadPermissionSet(db, actor), role.permissions).length)
    return { ok: false, error: 'roleBeyondYours' };
  const { kind, id } = input.assignee;
  const person = kind === 'user' ? await findPerson(db, actor.orgId, id) : null;
  const group = kind === 'group' ? await findGroup(db, actor.orgId, id) : null;
  if (!person && !group) return { ok: false, error: 'chooseAssignee' };

  const inserted = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(roleAssignments)
      .values({ orgId: actor.orgId, roleId: role.id, userId: person?.id ?? null, groupId: group?.id ?? null })
      .onConflictDoNothing()
      .returning({ id: roleAssignments.id });
    if (!rows.length) return false;
    await audit(tx, {
      orgId: actor.orgId,
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
  return inserted ? { ok: true } : { ok: false, error: 'alreadyAssigned' };
}

export type UnassignRoleResult = { ok: true } | Failure<'assignmentNotFound' | 'unassignBeyondYours'>;

/** Taking a role away follows the rule for handing it out: only what the remover holds. */
export async function unassignRole(
  db: Db,
  actor: OrgActor,
  input: UnassignRoleInput,
  meta?: Meta,
): Promise<UnassignRoleResult> {
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
    .innerJoin(roles, and(eq(roles.id, roleAssignments.roleId), eq(roles.orgId, actor.orgId)))
    .leftJoin(users, and(eq(users.id, roleAssignments.userId), eq(users.orgId, actor.orgId)))
    .leftJoin(groups, and(eq(groups.id, roleAssignments.groupId), eq(groups.orgId, actor.orgId)))
    .where(and(eq(roleAssignments.id, input.assignmentId), eq(roleAssignments.orgId, actor.orgId)))
    .limit(1);
  if (!found) return { ok: false, error: 'assignmentNotFound' };
  if (notHeld(await loadPermissionSet(db, actor), found.permissions).length)
    return { ok: false, error: 'unassignBeyondYours' };
  const removed = await db.transaction(async (tx) => {
    const rows = await tx
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.id, found.id), eq(roleAssignments.orgId, actor.orgId)))
      .returning({ id: roleAssignments.id });
    if (!rows.length) return false;
    await audit(tx, {
      orgId: actor.orgId,
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
  return removed ? { ok: true } : { ok: false, error: 'assignmentNotFound' };
}
