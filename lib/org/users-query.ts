import 'server-only';

import { and, asc, count, desc, eq, inArray, sql, type Placeholder, type SQL } from 'drizzle-orm';

import type { Executor } from '@/db';
import { groupMembers, groups, roleAssignments, roles, users, type ManagedRole, type UserStatus } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { withoutForbiddenCharacters } from '../actions/text-rules';
import { groupsVisibleTo } from './groups';

export const USER_PAGE_SIZE = 25;
/** The rows a page may show ("Rows per page"); the first is the default. */
export const USER_PAGE_SIZES = [25, 50, 100] as const;
export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const satisfies readonly UserStatus[];
export const USER_ROLES = ['owner', 'admin', 'member'] as const satisfies readonly ManagedRole[];
export const USER_SORTS = ['name', 'name_desc', 'email', 'email_desc', 'newest', 'oldest'] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const SEARCH_MAX = 100;

export type UserListQuery = {
  q: string;
  status: UserStatus | null;
  role: ManagedRole | null;
  /** A custom role (by id), held directly or through a group; the `role` parameter carries either. */
  customRoleId: string | null;
  groupId: string | null;
  sort: UserSort;
  page: number;
  /** Rows per page, one of USER_PAGE_SIZES. */
  size: number;
};

export type UserListRow = {
  id: string;
  firstName: string;
  lastName: string;
  displayName: string | null;
  email: string;
  username: string | null;
  role: ManagedRole;
  status: UserStatus;
  photoFileId: string | null;
  createdAt: Date;
  groupCount: number;
};

export type UserListPage = {
  rows: UserListRow[];
  /** Exact, or SEARCH_COUNT_CAP when a search matched more (then `totalIsLowerBound`). */
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  /** null when only a lower bound of the total is known. */
  pageCount: number | null;
  hasNext: boolean;
  /** 1-based positions of the first and last row shown; 0 and 0 when nothing matched. */
  from: number;
  to: number;
};

type Params = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');

function pick<T extends string>(value: string, allowed: readonly T[]): T | null {
  return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/**
 * The list's URL parameters. Anything unknown or malformed falls back to "no filter" rather
 * than an error: these come from a GET form and from links people copy around.
 */
export function parseUserListQuery(params: Params): UserListQuery {
  const page = Number.parseInt(first(params.page), 10);
  const groupId = first(params.group);
  const role = first(params.role);
  return {
    // Control characters (a NUL in particular, which PostgreSQL text cannot hold) never match.
    q: withoutForbiddenCharacters(first(params.q).replace(/[\t\n\r]/g, ' '))
      .trim()
      .slice(0, SEARCH_MAX),
    status: pick(first(params.status), USER_STATUSES),
    role: pick(role, USER_ROLES),
    customRoleId: isUuid(role) ? role.toLowerCase() : null,
    groupId: isUuid(groupId) ? groupId.toLowerCase() : null,
    sort: pick(first(params.sort), USER_SORTS) ?? 'name',
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1,
    size: pageSizeOf(first(params.size)),
  };
}

/** A page size the list offers, or the default. */
export function pageSizeOf(value: string): number {
  return USER_PAGE_SIZES.find((size) => String(size) === value) ?? USER_PAGE_SIZE;
}

/** `%`, `_` and the escape character itself match literally (LIKE's default escape is `\`). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Exactly the expression of `users_search_trgm_idx` (0003_org_admin.sql); PostgreSQL uses the
 * trigram index only when the query repeats it term for term.
 */
export const userSearchText = sql`lower(${users.firstName} || ' ' || ${users.lastName} || ' ' || ${users.email} || ' ' || coalesce(${users.username}, ''))`;

/** Substring match of `q` (already trimmed, non-empty) against name, email and username. */
export function searchCondition(q: string | Placeholder): SQL {
  return sql`${userSearchText} like lower(${typeof q === 'string' ? searchPattern(q) : q})`;
}

/** The LIKE pattern `searchCondition` matches `q` with (for a placeholder in a prepared statement). */
export function searchPattern(q: string): string {
  return `%${escapeLike(q)}%`;
}

export function userListWhere(
  orgId: string,
  query: Pick<UserListQuery, 'q' | 'status' | 'role' | 'groupId'> & { customRoleId?: string | null },
): SQL {
  const conditions: SQL[] = [eq(users.orgId, orgId)];
  if (query.q) conditions.push(searchCondition(query.q));
  if (query.status) conditions.push(eq(users.status, query.status));
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.customRoleId) {
    // Assigned to the person, or to a group they are in; org_id on both keeps other organizations out.
    conditions.push(
      sql`exists (select 1 from ${roleAssignments} where ${roleAssignments.orgId} = ${orgId} and ${roleAssignments.roleId} = ${query.customRoleId} and (${roleAssignments.userId} = ${users.id} or exists (select 1 from ${groupMembers} where ${groupMembers.groupId} = ${roleAssignments.groupId} and ${groupMembers.userId} = ${users.id} and ${groupMembers.orgId} = ${orgId})))`,
    );
  }
  if (query.groupId) {
    // group_members.org_id keeps a group id from another organization from matching anyone.
    conditions.push(
      sql`exists (select 1 from ${groupMembers} where ${groupMembers.groupId} = ${query.groupId} and ${groupMembers.userId} = ${users.id} and ${groupMembers.orgId} = ${orgId})`,
    );
  }
  return and(...conditions)!;
}

function orderBy(sort: UserSort): SQL[] {
  // One expression, so each row is lower-cased once; the id keeps equal names in a stable order.
  const name = sql`lower(${users.firstName} || ' ' || ${users.lastName})`;
  switch (sort) {
    case 'name':
      return [asc(name), asc(users.id)];
    case 'name_desc':
      return [desc(name), desc(users.id)];
    case 'email':
      return [asc(users.email)];
    case 'email_desc':
      return [desc(users.email)];
    case 'newest':
      return [desc(users.createdAt), desc(users.id)];
    case 'oldest':
      return [asc(users.createdAt), asc(users.id)];
  }
}

/**
 * The page's rows. The sort runs over ids and sort keys only and the page's winners are fetched
 * afterwards: a deep page keeps thousands of rows in the sort's heap, and narrow ones are
 * cheaper to compare and move. Exported for the benchmark's EXPLAIN.
 */
export function pageRows(db: Executor, where: SQL, sort: UserSort, page: number, size = USER_PAGE_SIZE) {
  const ids = db
    .select({ id: users.id })
    .from(users)
    .where(where)
    .orderBy(...orderBy(sort))
    // One more than a page: whether a next page exists, also when the total is only a bound.
    .limit(size + 1)
    .offset((page - 1) * size);
  return db
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      displayName: users.displayName,
      email: users.email,
      username: users.username,
      role: users.role,
      status: users.status,
      photoFileId: users.photoFileId,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(inArray(users.id, ids))
    .orderBy(...orderBy(sort));
}

/** A search counts its matches only this far: past it the page says "more than 1,000". */
export const SEARCH_COUNT_CAP = 1000;

/** Exported for the benchmark's EXPLAIN. */
export function countMatches(db: Executor, where: SQL, capped: boolean) {
  if (!capped) return db.select({ total: count() }).from(users).where(where);
  // A common term ("acme", the org's own mail domain) matches nearly everyone; stopping after
  // the cap saves a whole pass over the table, and nobody pages through 1,000 search results.
  const sample = db
    .select({ one: sql`1`.as('one') })
    .from(users)
    .where(where)
    .limit(SEARCH_COUNT_CAP + 1)
    .as('matches');
  return db.select({ total: count() }).from(sample);
}

/**
 * One page of the organization's people. Offset paging: every sort needs a pass over the
 * matching rows anyway (no index orders them), and a top-N sort of 100k rows stays well under
 * the page budget, while the total lets the page say "Showing 1–25 of N".
 */
export async function listUsers(db: Executor, orgId: string, query: UserListQuery): Promise<UserListPage> {
  const where = userListWhere(orgId, query);
  const searching = query.q.length > 0;
  const size = query.size;
  const [found, [counted]] = await Promise.all([
    pageRows(db, where, query.sort, query.page, size),
    countMatches(db, where, searching),
  ]);
  const totalIsLowerBound = searching && counted.total > SEARCH_COUNT_CAP;
  const total = totalIsLowerBound ? SEARCH_COUNT_CAP : Number(counted.total);
  const pageCount = totalIsLowerBound ? null : Math.max(1, Math.ceil(total / size));
  let page = query.page;
  let rows = found;
  if (pageCount !== null && page > pageCount) {
    // A page past the end (a stale link after a filter change) shows the last page instead.
    page = pageCount;
    rows = total ? await pageRows(db, where, query.sort, page, size) : [];
  }
  const hasNext = rows.length > size;
  rows = rows.slice(0, size);
  const counts = rows.length
    ? await db
        .select({ userId: groupMembers.userId, n: count() })
        .from(groupMembers)
        .where(
          and(
            eq(groupMembers.orgId, orgId),
            inArray(
              groupMembers.userId,
              rows.map((r) => r.id),
            ),
          ),
        )
        .groupBy(groupMembers.userId)
    : [];
  const byUser = new Map(counts.map((c) => [c.userId, Number(c.n)]));
  const from = rows.length ? (page - 1) * size + 1 : 0;
  return {
    rows: rows.map((r) => ({ ...r, groupCount: byUser.get(r.id) ?? 0 })),
    total,
    totalIsLowerBound,
    page,
    pageCount,
    hasNext,
    from,
    to: rows.length ? from + rows.length - 1 : 0,
  };
}

/**
 * The list URL for a query, with defaults left out so links stay short. `defaultSort` is the
 * order the page uses when the URL names none (the Invited view's differs).
 */
export function userListHref(
  query: UserListQuery,
  change: Partial<UserListQuery> = {},
  defaultSort: UserSort = 'name',
): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.status) params.set('status', next.status);
  if (next.role) params.set('role', next.role);
  else if (next.customRoleId) params.set('role', next.customRoleId);
  if (next.groupId) params.set('group', next.groupId);
  if (next.sort !== defaultSort) params.set('sort', next.sort);
  if (next.page > 1) params.set('page', String(next.page));
  if (next.size !== USER_PAGE_SIZE) params.set('size', String(next.size));
  const text = params.toString();
  return `/org-settings/users${text ? `?${text}` : ''}`;
}

/** The group filter lists this many groups by name; a chosen group outside them is kept. */
export const GROUP_OPTIONS = 500;

export type UserListFilters = {
  /** The groups the viewer may see, to filter by. */
  groups: { id: string; name: string }[];
  /** The organization's custom roles, to filter by (with the managed ones). */
  customRoles: { id: string; name: string }[];
  /** The query with a group or custom role the viewer may not use taken out. */
  query: UserListQuery;
};

/**
 * What the users list offers to filter by, and the query cleaned of choices that are not the
 * viewer's to make: filtering by a group shows who is in it, so only groups the viewer may see
 * are offered or honoured.
 */
export async function loadUserListFilters(
  db: Executor,
  viewer: { id: string; orgId: string; managesGroups: boolean },
  parsed: UserListQuery,
): Promise<UserListFilters> {
  const visible = groupsVisibleTo(viewer.orgId, { id: viewer.id, managesGroups: viewer.managesGroups });
  const [groupRows, chosenGroup, customRoles] = await Promise.all([
    db
      .select({ id: groups.id, name: groups.name })
      .from(groups)
      .where(visible)
      .orderBy(asc(sql`lower(${groups.name})`), asc(groups.id))
      .limit(GROUP_OPTIONS),
    parsed.groupId
      ? db
          .select({ id: groups.id })
          .from(groups)
          .where(and(visible, eq(groups.id, parsed.groupId)))
      : Promise.resolve([]),
    db
      .select({ id: roles.id, name: roles.name })
      .from(roles)
      .where(eq(roles.orgId, viewer.orgId))
      .orderBy(asc(sql`lower(${roles.name})`)),
  ]);
  return {
    groups: groupRows,
    customRoles,
    query: {
      ...parsed,
      groupId: chosenGroup.length ? parsed.groupId : null,
      customRoleId: customRoles.some((r) => r.id === parsed.customRoleId) ? parsed.customRoleId : null,
    },
  };
}
