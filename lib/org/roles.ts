import 'server-only';

import { and, asc, count, eq, sql } from 'drizzle-orm';

import type { Executor } from '@/db';
import { groups, roleAssignments, roles, users } from '@/db/schema';

import { withoutForbiddenCharacters } from '../actions/text-rules';
import { MANAGED_ROLES, PERMISSIONS, type Permission } from '../auth/permissions';

export type CustomRole = typeof roles.$inferSelect;

const isPermission = (p: string): p is Permission => (PERMISSIONS as readonly string[]).includes(p);

/** What a stored role grants, in catalogue order; anything stale or unknown in the row is ignored. */
export function grantedPermissions(stored: readonly string[]): Permission[] {
  return PERMISSIONS.filter((p) => stored.includes(p) && isPermission(p));
}

/** A custom role called "Admin" would read as the managed one in every list and audit entry. */
const RESERVED_NAMES = new Set(Object.entries(MANAGED_ROLES).flatMap(([key, r]) => [key, r.label.toLowerCase()]));

export function isReservedRoleName(name: string): boolean {
  return RESERVED_NAMES.has(name.trim().toLowerCase());
}

export async function listCustomRoles(db: Executor, orgId: string) {
  const [list, counts] = await Promise.all([
    db
      .select({ id: roles.id, name: roles.name, description: roles.description, permissions: roles.permissions })
      .from(roles)
      .where(eq(roles.orgId, orgId))
      .orderBy(asc(sql`lower(${roles.name})`)),
    db
      .select({ roleId: roleAssignments.roleId, n: count() })
      .from(roleAssignments)
      .where(eq(roleAssignments.orgId, orgId))
      .groupBy(roleAssignments.roleId),
  ]);
  const byRole = new Map(counts.map((c) => [c.roleId, c.n]));
  return list.map((r) => ({ ...r, assignments: byRole.get(r.id) ?? 0 }));
}

/** A role of this organization, or null: a foreign id is the same as an unknown one. */
export async function findRole(db: Executor, orgId: string, id: string | undefined): Promise<CustomRole | null> {
  if (!id) return null;
  const [row] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.id, id), eq(roles.orgId, orgId)))
    .limit(1);
  return row ?? null;
}

/** Another role of the organization with this name, compared as the unique index does. */
export async function roleNameTaken(db: Executor, orgId: string, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(
      and(
        eq(roles.orgId, orgId),
        sql`lower(${roles.name}) = lower(${name})`,
        exceptId ? sql`${roles.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  return Boolean(row);
}

export type AssignmentRow = {
  id: string;
  roleId: string;
  roleName: string;
  userId: string | null;
  userName: string | null;
  userEmail: string | null;
  groupId: string | null;
  groupName: string | null;
};

export async function listAssignments(db: Executor, orgId: string, roleId?: string): Promise<AssignmentRow[]> {
  return db
    .select({
      id: roleAssignments.id,
      roleId: roles.id,
      roleName: roles.name,
      userId: users.id,
      userName: sql<string | null>`nullif(trim(${users.firstName} || ' ' || ${users.lastName}), '')`,
      userEmail: users.email,
      groupId: groups.id,
      groupName: groups.name,
    })
    .from(roleAssignments)
    .innerJoin(roles, and(eq(roles.id, roleAssignments.roleId), eq(roles.orgId, orgId)))
    .leftJoin(users, and(eq(users.id, roleAssignments.userId), eq(users.orgId, orgId)))
    .leftJoin(groups, and(eq(groups.id, roleAssignments.groupId), eq(groups.orgId, orgId)))
    .where(and(eq(roleAssignments.orgId, orgId), roleId ? eq(roleAssignments.roleId, roleId) : undefined))
    .orderBy(asc(sql`lower(${roles.name})`), asc(sql`coalesce(lower(${groups.name}), ${users.email})`));
}

export type PersonOption = { id: string; name: string; email: string };

export const PEOPLE_LIMIT = 100;

/**
 * People to pick from, by name; with a query, only those whose name, email or username contains
 * it (the trigram index on the same expression keeps this fast in large organizations).
 */
export async function listPeople(db: Executor, orgId: string, query = ''): Promise<PersonOption[]> {
  const q = withoutForbiddenCharacters(query).trim().toLowerCase().slice(0, 100);
  const haystack = sql`lower(${users.firstName} || ' ' || ${users.lastName} || ' ' || ${users.email} || ' ' || coalesce(${users.username}, ''))`;
  const rows = await db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(users)
    .where(and(eq(users.orgId, orgId), q ? sql`${haystack} like ${`%${escapeLike(q)}%`}` : undefined))
    .orderBy(asc(sql`lower(${users.firstName})`), asc(sql`lower(${users.lastName})`), asc(users.email))
    .limit(PEOPLE_LIMIT + 1);
  return rows.map((r) => ({ id: r.id, email: r.email, name: `${r.firstName} ${r.lastName}`.trim() || r.email }));
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function findPerson(db: Executor, orgId: string, id: string | undefined) {
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.orgId, orgId)))
    .limit(1);
  return row ?? null;
}

export async function findGroup(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(and(eq(groups.id, id), eq(groups.orgId, orgId)))
    .limit(1);
  return row ?? null;
}

export async function listGroupOptions(db: Executor, orgId: string) {
  return db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(eq(groups.orgId, orgId))
    .orderBy(asc(sql`lower(${groups.name})`))
    .limit(500);
}
