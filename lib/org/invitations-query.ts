import 'server-only';

import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';

import type { Executor } from '@/db';
import { invitations, users, type ManagedRole } from '@/db/schema';

import {
  escapeLike,
  parseUserListQuery,
  USER_PAGE_SIZE,
  USER_SORTS,
  userListHref,
  type UserListPage,
  type UserListQuery,
  type UserSort,
} from './users-query';

/**
 * The "Invited" view of the users list: invitations not yet accepted or revoked. An expired one
 * is still listed (marked expired) until it is resent or revoked, as the resend and revoke
 * actions still accept it.
 */

/** Invitations have no groups; the group filter is kept in the query so the form shows it. */
export type InvitationListQuery = Omit<UserListQuery, 'status'>;

export type InvitationListRow = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: ManagedRole;
  invitedByUserId: string | null;
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
  /** null when the inviter's account no longer exists in this organization. */
  inviter: { firstName: string; lastName: string; displayName: string | null; email: string } | null;
};

export type InvitationListPage = Omit<UserListPage, 'rows'> & { rows: InvitationListRow[] };

export const INVITATION_DEFAULT_SORT: UserSort = 'newest';

type Params = Record<string, string | string[] | undefined>;

/** The users list's parameters, except that without a chosen sort the newest invitation comes first. */
export function parseInvitationListQuery(params: Params): InvitationListQuery {
  const { q, role, customRoleId, groupId, page, size } = parseUserListQuery(params);
  const raw = Array.isArray(params.sort) ? params.sort[0] : params.sort;
  const sort = (USER_SORTS as readonly string[]).includes(raw ?? '') ? (raw as UserSort) : INVITATION_DEFAULT_SORT;
  return { q, role, customRoleId, groupId, sort, page, size };
}

/** Not accepted and not revoked: exactly the predicate of `invitations_org_pending_idx`. */
export function pendingInvitationsWhere(orgId: string): SQL {
  return and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt))!;
}

/** Case-insensitive substring of the email or the name the inviter entered; `%`, `_` and `\` match literally. */
export function invitationSearchCondition(q: string): SQL {
  return sql`lower(${invitations.firstName} || ' ' || ${invitations.lastName} || ' ' || ${invitations.email}) like lower(${`%${escapeLike(q)}%`})`;
}

export function invitationListWhere(orgId: string, query: Pick<InvitationListQuery, 'q' | 'role'>): SQL {
  const conditions: SQL[] = [pendingInvitationsWhere(orgId)];
  if (query.q) conditions.push(invitationSearchCondition(query.q));
  if (query.role) conditions.push(eq(invitations.role, query.role));
  return and(...conditions)!;
}

function orderBy(sort: UserSort): SQL[] {
  const name = sql`lower(${invitations.firstName} || ' ' || ${invitations.lastName})`;
  switch (sort) {
    case 'name':
      return [asc(name), asc(invitations.email), asc(invitations.id)];
    case 'name_desc':
      return [desc(name), desc(invitations.email), desc(invitations.id)];
    case 'email':
      return [asc(invitations.email), asc(invitations.id)];
    case 'email_desc':
      return [desc(invitations.email), desc(invitations.id)];
    case 'newest':
      return [desc(invitations.createdAt), desc(invitations.id)];
    case 'oldest':
      return [asc(invitations.createdAt), asc(invitations.id)];
  }
}

/** One more row than a page, to know whether a next page exists. */
export function invitationPageRows(db: Executor, where: SQL, sort: UserSort, page: number, size = USER_PAGE_SIZE) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      firstName: invitations.firstName,
      lastName: invitations.lastName,
      role: invitations.role,
      invitedByUserId: invitations.invitedByUserId,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      expired: sql<boolean>`${invitations.expiresAt} <= now()`,
    })
    .from(invitations)
    .where(where)
    .orderBy(...orderBy(sort))
    .limit(size + 1)
    .offset((page - 1) * size);
}

type BareRow = Omit<InvitationListRow, 'inviter'>;

/** The inviters of `rows`, looked up within the organization only. */
export async function withInviters(db: Executor, orgId: string, rows: BareRow[]): Promise<InvitationListRow[]> {
  const ids = [...new Set(rows.map((r) => r.invitedByUserId).filter((id): id is string => id !== null))];
  const found = ids.length
    ? await db
        .select({
          id: users.id,
          firstName: users.firstName,
          lastName: users.lastName,
          displayName: users.displayName,
          email: users.email,
        })
        .from(users)
        .where(and(eq(users.orgId, orgId), inArray(users.id, ids)))
    : [];
  const byId = new Map(found.map(({ id, ...inviter }) => [id, inviter]));
  return rows.map((r) => ({ ...r, inviter: (r.invitedByUserId && byId.get(r.invitedByUserId)) || null }));
}

/** The newest pending invitations and how many there are in all, for the summary under the users list. */
export async function newestPendingInvitations(
  db: Executor,
  orgId: string,
  limit: number,
): Promise<{ rows: InvitationListRow[]; total: number }> {
  const where = pendingInvitationsWhere(orgId);
  const [found, [counted]] = await Promise.all([
    invitationPageRows(db, where, 'newest', 1, limit),
    db.select({ total: count() }).from(invitations).where(where),
  ]);
  return { rows: await withInviters(db, orgId, found.slice(0, limit)), total: Number(counted.total) };
}

/**
 * One page of the organization's pending invitations, shaped like a page of users so the list
 * shares its counts and pagination. Pending invitations are few next to the table's accepted and
 * revoked rows, and the partial index holds only them, so the count is always exact.
 */
export async function listInvitations(
  db: Executor,
  orgId: string,
  query: InvitationListQuery,
): Promise<InvitationListPage> {
  const where = invitationListWhere(orgId, query);
  const [found, [counted]] = await Promise.all([
    invitationPageRows(db, where, query.sort, query.page, query.size),
    db.select({ total: count() }).from(invitations).where(where),
  ]);
  const total = Number(counted.total);
  const size = query.size;
  const pageCount = Math.max(1, Math.ceil(total / size));
  let page = query.page;
  let rows = found;
  if (page > pageCount) {
    // A page past the end (a stale link after a resend or revoke) shows the last page instead.
    page = pageCount;
    rows = total ? await invitationPageRows(db, where, query.sort, page, size) : [];
  }
  const hasNext = rows.length > size;
  rows = rows.slice(0, size);
  const from = rows.length ? (page - 1) * size + 1 : 0;
  return {
    rows: await withInviters(db, orgId, rows),
    total,
    totalIsLowerBound: false,
    page,
    pageCount,
    hasNext,
    from,
    to: rows.length ? from + rows.length - 1 : 0,
  };
}

/** The Invited view's URL for a query, with defaults left out so links stay short. */
export function invitationListHref(query: InvitationListQuery, change: Partial<InvitationListQuery> = {}): string {
  return userListHref({ ...query, ...change, status: 'invited' }, {}, INVITATION_DEFAULT_SORT);
}
