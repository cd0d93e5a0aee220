import 'server-only';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Executor } from '@/db';
import { groupMembers, groups, roleAssignments, roles, type ManagedRole } from '@/db/schema';
import { MANAGED_ROLES, PERMISSIONS, type Permission } from './permissions';

export type PermissionSource =
  | { kind: 'managed'; role: ManagedRole }
  | { kind: 'role'; roleId: string; roleName: string }
  | { kind: 'group'; roleId: string; roleName: string; groupId: string; groupName: string };

export type EffectivePermissions = Map<Permission, PermissionSource[]>;

const isPermission = (p: string): p is Permission => (PERMISSIONS as readonly string[]).includes(p);

/**
 * Everything a user may do in their organization and why: the managed role, custom roles
 * assigned to them, and custom roles assigned to groups they belong to. Scoped by org id, so an
 * assignment can never reach across organizations.
 */
export async function loadEffectivePermissions(
  db: Executor,
  user: { id: string; orgId: string; role: ManagedRole },
): Promise<EffectivePermissions> {
  const result: EffectivePermissions = new Map();
  const add = (permission: string, source: PermissionSource) => {
    if (!isPermission(permission)) return;
    const list = result.get(permission) ?? [];
    list.push(source);
    result.set(permission, list);
  };
  for (const p of MANAGED_ROLES[user.role]?.permissions ?? []) add(p, { kind: 'managed', role: user.role });

  const direct = await db
    .select({ roleId: roles.id, roleName: roles.name, permissions: roles.permissions })
    .from(roleAssignments)
    .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
    .where(and(eq(roleAssignments.orgId, user.orgId), eq(roles.orgId, user.orgId), eq(roleAssignments.userId, user.id)));
  for (const r of direct) for (const p of r.permissions) add(p, { kind: 'role', roleId: r.roleId, roleName: r.roleName });

  const memberOf = db
    .select({ id: groupMembers.groupId })
    .from(groupMembers)
    .where(and(eq(groupMembers.orgId, user.orgId), eq(groupMembers.userId, user.id)));
  const inherited = await db
    .select({ roleId: roles.id, roleName: roles.name, permissions: roles.permissions, groupId: groups.id, groupName: groups.name })
    .from(roleAssignments)
    .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
    .innerJoin(groups, eq(groups.id, roleAssignments.groupId))
    .where(
      and(
        eq(roleAssignments.orgId, user.orgId),
        eq(roles.orgId, user.orgId),
        eq(groups.orgId, user.orgId),
        isNotNull(roleAssignments.groupId),
        inArray(roleAssignments.groupId, memberOf),
      ),
    );
  for (const r of inherited) {
    for (const p of r.permissions) add(p, { kind: 'group', roleId: r.roleId, roleName: r.roleName, groupId: r.groupId, groupName: r.groupName });
  }
  return result;
}
