import 'server-only';

import { and, eq, sql, type SQL } from 'drizzle-orm';

import { statement, type Db } from '@/db';
import { users } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { assignableAtSql } from '../availability/assignable';
import { searchCondition, searchPattern } from '../org/users-query';
import { ApiError, notFound } from './errors';
import { USERS_PAGE_DEFAULT, USERS_PAGE_MAX, type userSchema } from './schemas';
import type { z } from './zod';

type UserRow = typeof users.$inferSelect;

/** The columns a public user is made of: all a list selects. */
const publicColumns = {
  id: users.id,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  displayName: users.displayName,
  username: users.username,
  jobTitle: users.jobTitle,
  status: users.status,
  availability: users.availability,
  awayFrom: users.awayFrom,
  awayUntil: users.awayUntil,
  timeZone: users.timeZone,
};
export type PublicUserRow = Pick<UserRow, keyof typeof publicColumns>;
type PublicKey = keyof typeof publicColumns;

const TIMESTAMP_KEYS = new Set<string>(
  Object.entries(publicColumns)
    .filter(([, column]) => column.columnType === 'PgTimestamp')
    .map(([key]) => key),
);

/**
 * The public columns for a hand-written query, named by their keys, each a plain value that
 * postgres.js and PGlite return alike (timestamps as epoch milliseconds): a hot query reads them
 * without the query builder's row mapping. `publicUserFromRaw` turns such a row back.
 */
export const rawPublicColumns: SQL = sql.join(
  Object.entries(publicColumns).map(([key, column]) =>
    TIMESTAMP_KEYS.has(key)
      ? sql`(extract(epoch from ${column}) * 1000)::float8 as ${sql.identifier(key)}`
      : sql`${column} as ${sql.identifier(key)}`,
  ),
  sql`, `,
);

/** A row read with `rawPublicColumns`, as the query builder would have given it. */
export function publicUserFromRaw(row: Record<string, unknown>): PublicUserRow {
  const user: Record<string, unknown> = {};
  for (const key of Object.keys(publicColumns) as PublicKey[]) {
    const value = row[key];
    user[key] = TIMESTAMP_KEYS.has(key) && value !== null ? new Date(Number(value)) : value;
  }
  return user as PublicUserRow;
}
export type ApiUser = z.output<typeof userSchema>;

/** What the API tells about a person: never secrets (hashes, PIN state, two-factor), never settings. */
export function publicUser(user: PublicUserRow): ApiUser {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    displayName: user.displayName,
    username: user.username,
    jobTitle: user.jobTitle,
    status: user.status,
    availability: user.availability,
    awayFrom: user.awayFrom?.toISOString() ?? null,
    awayUntil: user.awayUntil?.toISOString() ?? null,
    timeZone: user.timeZone,
  };
}

/** A user of the caller's organization, or 404: another organization's id is as unknown as a made-up one. */
export async function orgUser(db: Db, orgId: string, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw notFound();
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, id.toLowerCase())));
  if (!user) throw notFound();
  return user;
}

// The list's order: exactly the expression of users_name and users_org_online_idx, then the id.
const sortName = sql<string>`lower(${users.firstName} || ' ' || ${users.lastName})`;

type Cursor = { name: string; id: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.name, cursor.id])).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && isUuid(parsed[1])) {
      return { name: parsed[0], id: parsed[1] };
    }
  } catch {
    // Answered below.
  }
  throw new ApiError('bad_request', 'The cursor is not valid; pass nextCursor from the previous page.');
}

export type UserListQuery = { q: string | null; available: boolean; limit: number; cursor: Cursor | null };

/** `q`, `available`, `limit` and `cursor` from the query string; anything malformed → 400. */
export function userListQuery(params: URLSearchParams): UserListQuery {
  const q = (params.get('q') ?? '').trim();
  if (q.length > 200) throw new ApiError('bad_request', 'q is longer than 200 characters.');
  const available = params.get('available');
  if (available !== null && available !== 'true' && available !== 'false') {
    throw new ApiError('bad_request', 'available must be true or false.');
  }
  const limitText = params.get('limit');
  const limit = limitText === null ? USERS_PAGE_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > USERS_PAGE_MAX) {
    throw new ApiError('bad_request', `limit must be a whole number from 1 to ${USERS_PAGE_MAX}.`);
  }
  const cursor = params.get('cursor');
  return { q: q || null, available: available === 'true', limit, cursor: cursor ? decodeCursor(cursor) : null };
}

type ListValues = {
  orgId: string;
  at: string;
  pattern: string | null;
  cursorName: string | null;
  cursorId: string | null;
  limit: number;
};
type ListRow = Record<string, unknown> & { sortName: string };

// One statement for each combination of filters, rendered once (see `statement`): this is the
// API's busiest list, read and mapped by hand rather than through the query builder.
const listStatements = new Map<string, (db: Db, values: ListValues) => Promise<ListRow[]>>();

function listStatement(available: boolean, search: boolean, after: boolean) {
  const shape = `${available}${search}${after}`;
  let run = listStatements.get(shape);
  if (!run) {
    const p = sql.placeholder;
    run = statement<ListRow, ListValues>(() => {
      const conditions: (SQL | undefined)[] = [sql`${users.orgId} = ${p('orgId')}::uuid`];
      if (available) conditions.push(assignableAtSql(p('at')));
      if (search) conditions.push(searchCondition(p('pattern')));
      if (after) {
        const name = sql`${p('cursorName')}::text`;
        conditions.push(
          sql`(${sortName} > ${name} or (${sortName} = ${name} and ${users.id} > ${p('cursorId')}::uuid))`,
        );
      }
      return sql`select ${rawPublicColumns}, ${sortName} as "sortName" from ${users}
        where ${and(...conditions)} order by ${sortName}, ${users.id} limit ${p('limit')}::int`;
    });
    listStatements.set(shape, run);
  }
  return run;
}

/**
 * One page of the organization's users in name order. With `available`, only those who may
 * receive automated assignments at `now` — decided by the database (`assignableAtSql`).
 */
export async function listUsers(
  db: Db,
  orgId: string,
  query: UserListQuery,
  now: Date,
): Promise<{ users: ApiUser[]; nextCursor: string | null }> {
  const run = listStatement(query.available, query.q !== null, query.cursor !== null);
  const found = await run(db, {
    orgId,
    at: now.toISOString(),
    pattern: query.q === null ? null : searchPattern(query.q),
    cursorName: query.cursor?.name ?? null,
    cursorId: query.cursor?.id ?? null,
    limit: query.limit + 1,
  });
  const list = found.map((row) => ({ user: publicUserFromRaw(row), name: row.sortName }));
  const page = list.slice(0, query.limit);
  const last = page.at(-1);
  return {
    users: page.map((row) => publicUser(row.user)),
    nextCursor: list.length > query.limit && last ? encodeCursor({ name: last.name, id: last.user.id }) : null,
  };
}
