'use server';

import { and, eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { getDb } from '@/db';
import { roleAssignments, roles } from '@/db/schema';
import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { notHeld } from '@/lib/auth/authorize';
import { getCurrentPermissions } from '@/lib/auth/current';
import { findRole, grantedPermissions, isReservedRoleName, roleNameTaken } from '@/lib/org/roles';
import { isUniqueViolation } from '@/lib/profile/unique-violation';

import { deleteRoleSchema, roleSchema } from './schemas';

const PAGE = '/org-settings/roles';
const NAME_TAKEN = { name: ['orgRoles.errors.nameTaken'] };
const NAME_RESERVED = { name: ['orgRoles.errors.nameReserved'] };
// Holding roles.manage lets someone shape roles, not rise above their own permissions.
const NOT_HELD = { permissions: ['orgRoles.errors.notHeld'] };

export const createRole = orgAction('roles.manage', roleSchema, async (input, { current, meta, values }) => {
  const { org, user } = current;
  if (isReservedRoleName(input.name)) return failure('errors.checkFields', NAME_RESERVED, values);
  const db = await getDb();
  if (await roleNameTaken(db, org.id, input.name)) return failure('errors.checkFields', NAME_TAKEN, values);
  const held = await getCurrentPermissions();
  if (input.permissions.some((p) => !held.has(p))) return failure('errors.checkFields', NOT_HELD, values);
  try {
    await db.transaction(async (tx) => {
      const [role] = await tx
        .insert(roles)
        .values({ orgId: org.id, name: input.name, description: input.description, permissions: input.permissions })
        .returning({ id: roles.id });
      await audit(tx, {
        orgId: org.id,
        actorUserId: user.id,
        action: 'role.created',
        targetType: 'role',
        targetId: role.id,
        data: { name: input.name, permissions: input.permissions },
        meta,
      });
    });
  } catch (error) {
    // Two admins creating the same name at once: the index decides, the loser gets the field error.
    if (isUniqueViolation(error, 'roles_org_name_key')) return failure('errors.checkFields', NAME_TAKEN, values);
    throw error;
  }
  revalidatePath(PAGE);
  redirect(`${PAGE}?notice=created`);
});

export const updateRole = orgAction('roles.manage', roleSchema, async (input, { current, meta, values }) => {
  const { org, user } = current;
  const db = await getDb();
  const role = await findRole(db, org.id, input.roleId);
  if (!role) return failure('orgRoles.errors.roleNotFound', undefined, values);
  if (isReservedRoleName(input.name)) return failure('errors.checkFields', NAME_RESERVED, values);
  if (await roleNameTaken(db, org.id, input.name, role.id)) return failure('errors.checkFields', NAME_TAKEN, values);
  const before = grantedPermissions(role.permissions);
  const held = await getCurrentPermissions();
  // Permissions the role already grants may stay; adding or taking one away changes other
  // people's access, so it must be the editor's own.
  const added = input.permissions.filter((p) => !before.includes(p));
  const removed = before.filter((p) => !input.permissions.includes(p));
  if (notHeld(held, [...added, ...removed]).length) return failure('errors.checkFields', NOT_HELD, values);
  const changed: string[] = [];
  if (role.name !== input.name) changed.push('name');
  if (role.description !== input.description) changed.push('description');
  if (added.length || removed.length) changed.push('permissions');
  if (!changed.length) return success('orgRoles.saved');
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
        .where(and(eq(roles.id, role.id), eq(roles.orgId, org.id)));
      await audit(tx, {
        orgId: org.id,
        actorUserId: user.id,
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
    if (isUniqueViolation(error, 'roles_org_name_key')) return failure('errors.checkFields', NAME_TAKEN, values);
    throw error;
  }
  revalidatePath(PAGE, 'layout');
  return success('orgRoles.saved');
});

/** The typed name is the confirmation, so deleting works the same with and without JavaScript. */
export const deleteRole = orgAction('roles.manage', deleteRoleSchema, async (input, { current, meta, values }) => {
  const { org, user } = current;
  const db = await getDb();
  const role = await findRole(db, org.id, input.roleId);
  if (!role) return failure('orgRoles.errors.roleNotFound', undefined, values);
  // Deleting takes the role's permissions from everyone who holds it: the same rule as editing.
  if (notHeld(await getCurrentPermissions(), role.permissions).length)
    return failure('orgRoles.errors.deleteBeyondYours', undefined, values);
  if (input.confirmName.toLowerCase() !== role.name.trim().toLowerCase()) {
    return failure('errors.checkFields', { confirmName: ['orgRoles.errors.confirmName'] }, values);
  }
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.roleId, role.id), eq(roleAssignments.orgId, org.id)))
      .returning({ id: roleAssignments.id });
    await tx.delete(roles).where(and(eq(roles.id, role.id), eq(roles.orgId, org.id)));
    await audit(tx, {
      orgId: org.id,
      actorUserId: user.id,
      action: 'role.deleted',
      targetType: 'role',
      targetId: role.id,
      data: { name: role.name, permissions: grantedPermissions(role.permissions), assignmentsRemoved: removed.length },
      meta,
    });
  });
  revalidatePath(PAGE, 'layout');
  redirect(`${PAGE}?notice=deleted`);
});
