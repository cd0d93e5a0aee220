import 'server-only';

import { and, asc, count, eq, gt, gte, inArray, lte, ne, notExists, or, sql, type SQL } from 'drizzle-orm';

import type { Executor } from '@/db';
import { groupMembers, groups, roleAssignments, roles, users, type GroupType, type GroupVisibility } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { withoutForbiddenCharacters } from '../actions/text-rules';
import { groupRolePermissions, notHeld } from '../auth/authorize';
import type { Permission } from '../auth/permissions';
import { pullStream } from '../http/stream';
import { csvRow } from './csv';

export type Group = typeof groups.$inferSelect;
export type GroupListItem = Pick<Group, 'id' | 'name' | 'type' | 'visibility' | 'description' | 'photoFileId'> & {
  memberCount: number;
};
export type GroupMember = {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  username: string | null;
  status: string;
  photoFileId: string | null;
  addedAt: Date;
};
export type Candidate = { id: string; email: string; firstName: string; lastName: string; username: string | null };
export type UserGroup = {
  id: string;
  name: string;
  type: GroupType;
  visibility: GroupVisibility;
  photoFileId: string | null;
  addedAt: Date;
};

export const MEMBERS_CSV_HEADER = ['email', 'first_name', 'last_name', 'username', 'added_at'] as const;
export const EXPORT_PAGE_SIZE = 1000;
const CANDIDATE_LIMIT = 20;

/** `%q%` for LIKE with the user's own `%`, `_` and `\` taken literally. */
function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The same expression as users_search_trgm_idx, so the trigram index answers the search. */
const userSearchText = sql`lower(${users.firstName} || ' ' || ${users.lastName} || ' ' || ${users.email} || ' ' || coalesce(${users.username}, ''))`;

/** The organization's group with this id, or null (unknown, malformed or another organization's). */
export async function getGroup(db: Executor, orgId: string, id: string): Promise<Group | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select()
    .from(groups)
    .where(and(eq(groups.id, id), eq(groups.orgId, orgId)));
  return row ?? null;
}

const memberCount =
  sql<number>`(select count(*) from ${groupMembers} where ${groupMembers.groupId} = ${groups.id} and ${groupMembers.orgId} = ${groups.orgId})`.mapWith(
    Number,
  );

export async function listGroups(
  db: Executor,
  orgId: string,
  { page = 1, pageSize = 50 }: { page?: number; pageSize?: number } = {},
) {
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: groups.id,
        name: groups.name,
        type: groups.type,
        visibility: groups.visibility,
        description: groups.description,
        photoFileId: groups.photoFileId,
        memberCount,
      })
      .from(groups)
      .where(eq(groups.orgId, orgId))
      .orderBy(sql`lower(${groups.name})`, asc(groups.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(groups).where(eq(groups.orgId, orgId)),
  ]);
  return { rows: rows as GroupListItem[], total };
}

/**
 * Whether the group's roles grant anything `held` lacks. Whoever changes a group's members
 * changes what those roles give them, so only someone holding all of it may add, remove or
 * delete.
 */
export async function groupGrantsBeyond(
  db: Executor,
  held: ReadonlySet<Permission>,
  orgId: string,
  groupId: string,
): Promise<boolean> {
  return notHeld(held, await groupRolePermissions(db, orgId, groupId)).length > 0;
}

/**
 * Of these groups, those whose roles grant anything `held` lacks (see groupGrantsBeyond): one
 * query for a page of the list, which offers "Delete" only for the others.
 */
export async function groupsGrantingBeyond(
  db: Executor,
  held: ReadonlySet<Permission>,
  orgId: string,
  groupIds: readonly string[],
): Promise<Set<string>> {
  const ids = groupIds.filter(isUuid);
  if (!ids.length) return new Set();
  const rows = await db
    .select({ groupId: roleAssignments.groupId, permissions: roles.permissions })
    .from(roleAssignments)
    .innerJoin(roles, and(eq(roles.id, roleAssignments.roleId), eq(roles.orgId, orgId)))
    .where(and(eq(roleAssignments.orgId, orgId), inArray(roleAssignments.groupId, ids)));
  return new Set(rows.filter((r) => r.groupId && notHeld(held, r.permissions).length).map((r) => r.groupId!));
}

export async function countMembers(db: Executor, orgId: string, groupId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(groupMembers)
    .where(and(eq(groupMembers.orgId, orgId), eq(groupMembers.groupId, groupId)));
  return n;
}

const memberColumns = {
  userId: groupMembers.userId,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  username: users.username,
  status: users.status,
  photoFileId: users.photoFileId,
  addedAt: groupMembers.addedAt,
};

const memberJoin = and(eq(users.id, groupMembers.userId), eq(users.orgId, groupMembers.orgId));

/** One page of members, by name; the group must already be known to belong to `orgId`. */
export async function listMembers(
  db: Executor,
  { orgId, groupId, page = 1, pageSize = 50 }: { orgId: string; groupId: string; page?: number; pageSize?: number },
): Promise<GroupMember[]> {
  return db
    .select(memberColumns)
    .from(groupMembers)
    .innerJoin(users, memberJoin)
    .where(and(eq(groupMembers.orgId, orgId), eq(groupMembers.groupId, groupId)))
    .orderBy(sql`lower(${users.lastName})`, sql`lower(${users.firstName})`, asc(users.email))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
}

/** People of the organization matching `q` who could join: not deactivated, not members yet. */
export async function searchCandidates(
  db: Executor,
  { orgId, groupId, q, limit = CANDIDATE_LIMIT }: { orgId: string; groupId: string; q: string; limit?: number },
): Promise<Candidate[]> {
  const query = withoutForbiddenCharacters(q).trim();
  if (!query) return [];
  return db
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      username: users.username,
    })
    .from(users)
    .where(
      and(
        eq(users.orgId, orgId),
        ne(users.status, 'deactivated'),
        sql`${userSearchText} like ${containsPattern(query)}`,
        notExists(
          db
            .select({ one: sql`1` })
            .from(groupMembers)
            .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, users.id))),
        ),
      ),
    )
    .orderBy(sql`lower(${users.lastName})`, sql`lower(${users.firstName})`, asc(users.email))
    .limit(limit);
}

/** A person of the organization, or null (unknown, malformed or another organization's id). */
export async function findOrgUser(db: Executor, orgId: string, userId: string) {
  if (!isUuid(userId)) return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, status: users.status })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)));
  return row ?? null;
}

async function groupsOf(db: Executor, orgId: string, userId: string): Promise<UserGroup[]> {
  if (!isUuid(userId)) return [];
  return db
    .select({
      id: groups.id,
      name: groups.name,
      type: groups.type,
      visibility: groups.visibility,
      photoFileId: groups.photoFileId,
      addedAt: groupMembers.addedAt,
    })
    .from(groupMembers)
    .innerJoin(groups, and(eq(groups.id, groupMembers.groupId), eq(groups.orgId, groupMembers.orgId)))
    .where(and(eq(groupMembers.orgId, orgId), eq(groupMembers.userId, userId)))
    .orderBy(sql`lower(${groups.name})`);
}

/**
 * Every group the user belongs to, hidden ones included: for pages that already require an
 * organization permission. Show hidden groups only to people with `groups.manage`.
 */
export function listUserGroupsForAdmin(db: Executor, orgId: string, userId: string): Promise<UserGroup[]> {
  return groupsOf(db, orgId, userId);
}

/** Public: everyone; private: its members and group managers; hidden: group managers only. */
export function canSeeGroup(
  visibility: GroupVisibility,
  viewer: { isMember: boolean; managesGroups: boolean },
): boolean {
  if (visibility === 'public' || viewer.managesGroups) return true;
  return visibility === 'private' && viewer.isMember;
}

/**
 * The SQL form of canSeeGroup for a list of the organization's groups: everything for someone
 * who manages groups, else the public ones and the private ones the viewer belongs to.
 */
export function groupsVisibleTo(orgId: string, viewer: { id: string; managesGroups: boolean }): SQL {
  if (viewer.managesGroups) return eq(groups.orgId, orgId);
  const isMember = sql`exists (select 1 from ${groupMembers} where ${groupMembers.groupId} = ${groups.id} and ${groupMembers.orgId} = ${orgId} and ${groupMembers.userId} = ${viewer.id})`;
  return and(
    eq(groups.orgId, orgId),
    or(eq(groups.visibility, 'public'), and(eq(groups.visibility, 'private'), isMember)),
  )!;
}

/** The groups `userId` belongs to that `viewer` may see; the viewer must be of the same organization. */
export async function listVisibleGroupsOf(
  db: Executor,
  {
    orgId,
    userId,
    viewerId,
    viewerManagesGroups,
  }: { orgId: string; userId: string; viewerId: string; viewerManagesGroups: boolean },
): Promise<UserGroup[]> {
  const all = await groupsOf(db, orgId, userId);
  const viewerGroups =
    viewerId === userId || viewerManagesGroups || !all.length
      ? null
      : new Set(
          (
            await db
              .select({ id: groupMembers.groupId })
              .from(groupMembers)
              .where(
                and(
                  eq(groupMembers.orgId, orgId),
                  eq(groupMembers.userId, viewerId),
                  inArray(
                    groupMembers.groupId,
                    all.map((g) => g.id),
                  ),
                ),
              )
          ).map((r) => r.id),
        );
  return all.filter((g) =>
    canSeeGroup(g.visibility, {
      isMember: viewerGroups ? viewerGroups.has(g.id) : true,
      managesGroups: viewerManagesGroups,
    }),
  );
}

/**
 * The members of a group as CSV rows (without the header), a keyset page of `pageSize` along the
 * primary key at a time, so memory stays flat however large the group is. Each page is its own
 * short query: no transaction stays open while a slow consumer takes them. Members first, then
 * their people by primary-key range: joined in one query, the planner scans users from its start
 * (merge join) or whole (hash join) on every page, which makes a large export quadratic. The
 * range keeps each page to an index scan.
 */
export async function* memberCsvPages(
  db: Executor,
  orgId: string,
  groupId: string,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<{ text: string; rows: number }> {
  let after: string | null = null;
  for (;;) {
    const page = await db
      .select({ userId: groupMembers.userId, addedAt: groupMembers.addedAt })
      .from(groupMembers)
      .where(
        and(
          eq(groupMembers.orgId, orgId),
          eq(groupMembers.groupId, groupId),
          after ? gt(groupMembers.userId, after) : undefined,
        ),
      )
      .orderBy(asc(groupMembers.userId))
      .limit(pageSize);
    if (!page.length) return;
    const ids = page.map((m) => m.userId);
    const people = await db
      .select({
        id: users.id,
        email: users.email,
        firstName: users.firstName,
        lastName: users.lastName,
        username: users.username,
      })
      .from(users)
      .where(
        and(
          eq(users.orgId, orgId),
          gte(users.id, ids[0]),
          lte(users.id, ids[ids.length - 1]),
          // One array parameter: an IN list of 1000 parameters costs more to plan than to run.
          sql`${users.id} = any(${`{${ids.join(',')}}`}::uuid[])`,
        ),
      );
    const byId = new Map(people.map((p) => [p.id, p]));
    let text = '';
    let rows = 0;
    for (const m of page) {
      const p = byId.get(m.userId);
      if (!p) continue;
      text += csvRow([p.email, p.firstName, p.lastName, p.username, m.addedAt]);
      rows++;
    }
    yield { text, rows };
    if (page.length < pageSize) return;
    after = page[page.length - 1].userId;
  }
}

/** The members of a group as a CSV download (header, then memberCsvPages) read as the client asks for more. */
export function membersCsvStream(
  db: Executor,
  {
    orgId,
    groupId,
    pageSize = EXPORT_PAGE_SIZE,
    onDone,
  }: { orgId: string; groupId: string; pageSize?: number; onDone?: (rows: number) => void },
): ReadableStream<Uint8Array> {
  return pullStream(
    (async function* () {
      yield csvRow(MEMBERS_CSV_HEADER);
      let rows = 0;
      for await (const page of memberCsvPages(db, orgId, groupId, pageSize)) {
        rows += page.rows;
        if (page.text) yield page.text;
      }
      onDone?.(rows);
    })(),
  );
}
