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

/** A custom role a user holds: assigned to them directly, or to a group they are in (`group`). */
export type CustomRoleGrant = {
  roleId: string;
  roleName: string;
  roleDescription: string | null;
  permissions: string[];
  group: { id: string; name: string } | null;
};

/**
 * The custom roles a user holds and how, scoped by org id so an assignment can never reach
 * across organizations. Both the permission check and the profile's list of roles read it.
 */
export async function loadCustomRoleGrants(
  db: Executor,
  user: { id: string; orgId: string },
): Promise<CustomRoleGrant[]> {
  const role = {
    roleId: roles.id,
    roleName: roles.name,
    roleDescription: roles.description,
    permissions: roles.permissions,
  };
  const memberOf = db
    .select({ id: groupMembers.groupId })
    .from(groupMembers)
    .where(and(eq(groupMembers.orgId, user.orgId), eq(groupMembers.userId, user.id)));
  const [direct, inherited] = await Promise.all([
    db
      .select(role)
      .from(roleAssignments)
      .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
      .where(
        and(eq(roleAssignments.orgId, user.orgId), eq(roles.orgId, user.orgId), eq(roleAssignments.userId, user.id)),
      ),
    db
      .select({ ...role, groupId: groups.id, groupName: groups.name })
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
      ),
  ]);
  return [
    ...direct.map((r) => ({ ...r, group: null })),
    ...inherited.map(({ groupId, groupName, ...r }) => ({ ...r, group: { id: groupId, name: groupName } })),
  ];
}

/**
 * Everything a user may do in their organization and why: the managed role, custom roles
 * assigned to them, and custom roles assigned to groups they belong to.
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
  for (const grant of await loadCustomRoleGrants(db, user)) {
    const { roleId, roleName, group } = grant;
    const source: PermissionSource = group
      ? { kind: 'group', roleId, roleName, groupId: group.id, groupName: group.name }
      : { kind: 'role', roleId, roleName };
    for (const p of grant.permissions) add(p, source);
  }
  return result;
}

/** Owners and admins hold every permission through their managed role: no query needed. */
function holdsEverythingByRole(role: ManagedRole): boolean {
  const managed = MANAGED_ROLES[role]?.permissions ?? [];
  return PERMISSIONS.every((p) => managed.includes(p));
}

/** What a user may do, without the reasons: the set every "may P?" question reads. */
export async function loadPermissionSet(
  db: Executor,
  user: { id: string; orgId: string; role: ManagedRole },
): Promise<Set<Permission>> {
  if (holdsEverythingByRole(user.role)) return new Set(PERMISSIONS);
  return new Set((await loadEffectivePermissions(db, user)).keys());
}

/**
 * The permissions in `needed` that `held` lacks, in catalogue order. Nobody gives access they do
 * not hold, and nobody takes away access they do not hold: a role, a group's roles or another
 * person's account are handled only by someone who holds everything they grant.
 */
export function notHeld(held: ReadonlySet<Permission>, needed: Iterable<string>): Permission[] {
  const wanted = new Set(needed);
  return PERMISSIONS.filter((p) => wanted.has(p) && !held.has(p));
}

/** Everything the custom roles assigned to a group grant its members. */
export async function groupRolePermissions(db: Executor, orgId: string, groupId: string): Promise<Permission[]> {
  const rows = await db
    .select({ permissions: roles.permissions })
    .from(roleAssignments)
    .innerJoin(roles, and(eq(roles.id, roleAssignments.roleId), eq(roles.orgId, orgId)))
    .where(and(eq(roleAssignments.orgId, orgId), eq(roleAssignments.groupId, groupId)));
  const granted = new Set(rows.flatMap((r) => r.permissions));
  return PERMISSIONS.filter((p) => granted.has(p));
}
