import 'server-only';

import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';

import type { Executor } from '@/db';
import { notifications } from '@/db/schema';

import { UNREAD_COUNT_CAP } from './badge';

/** Whose activity: the signed-in person (ids come from the session, never from a form). */
export type ActivityUser = { id: string; orgId: string };

export const ACTIVITY_PAGE_SIZE = 20;
/** Kept this long, then purged; the activity page says nothing older exists. */
export const ACTIVITY_RETENTION_DAYS = 90;

// A literal condition, not `= $1`: the partial indexes are `where in_app`, and a parameter would
// not prove that to the planner of a generic plan.
const inApp = sql`${notifications.inApp}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * The unread count for the header's bell, read up to the cap: one index-only scan of
 * `notifications_unread_idx` that stops after 100 entries, however many are unread.
 */
export async function unreadCount(db: Executor, user: Pick<ActivityUser, 'id'>): Promise<number> {
  const [row] = await unreadCountQuery(db, user);
  return Number(row?.count ?? 0);
}

/** The query of `unreadCount`, for the benchmark's plan. */
export function unreadCountQuery(db: Executor, user: Pick<ActivityUser, 'id'>) {
  const unread = db
    .select({ one: sql`1`.as('one') })
    .from(notifications)
    .where(and(eq(notifications.userId, user.id), inApp, isNull(notifications.readAt)))
    .limit(UNREAD_COUNT_CAP)
    .as('unread');
  return db.select({ count: sql<number>`count(*)::int` }).from(unread);
}

export type ActivityItem = {
  id: string;
  event: string;
  title: string;
  body: string;
  url: string | null;
  readAt: Date | null;
  createdAt: Date;
};

export type ActivityPage = {
  items: ActivityItem[];
  /** The cursor of the next (older) page, or null on the last one. */
  older: string | null;
};

/**
 * A page cursor: the last row's time to the microsecond (a JavaScript Date keeps milliseconds,
 * which would skip rows made within the same millisecond) and its id, as one URL-safe string.
 */
function encodeCursor(time: string, id: string): string {
  return Buffer.from(`${time}|${id}`).toString('base64url');
}

/** The cursor back, or null for anything that is not one (a page then starts at the newest). */
export function decodeCursor(cursor: string | null | undefined): { time: string; id: string } | null {
  if (!cursor || cursor.length > 200) return null;
  const [time, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !time || !id || !CURSOR_TIME.test(time) || !UUID.test(id)) return null;
  if (Number.isNaN(Date.parse(time))) return null;
  return { time, id };
}

/**
 * The person's notifications, newest first, a page at a time: walks `notifications_user_idx`
 * from the cursor (created_at, id) backwards, so a page costs the same however deep it is.
 */
export async function listNotifications(
  db: Executor,
  user: ActivityUser,
  options: { before?: string | null } = {},
): Promise<ActivityPage> {
  const cursor = decodeCursor(options.before);
  const rows = await db
    .select({
      id: notifications.id,
      event: notifications.event,
      title: notifications.title,
      body: notifications.body,
      url: notifications.url,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      cursorTime: sql<string>`to_char(${notifications.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, user.id),
        eq(notifications.orgId, user.orgId),
        inApp,
        cursor
          ? sql`(${notifications.createdAt}, ${notifications.id}) < (${cursor.time}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(ACTIVITY_PAGE_SIZE + 1);
  const page = rows.slice(0, ACTIVITY_PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map(({ id, event, title, body, url, readAt, createdAt }) => ({
      id,
      event,
      title,
      body,
      url,
      readAt,
      createdAt,
    })),
    older: rows.length > ACTIVITY_PAGE_SIZE && last ? encodeCursor(last.cursorTime, last.id) : null,
  };
}

export type MarkReadResult = { ok: true } | { ok: false; error: 'notFound' };

/**
 * Marks one of the person's own notifications read. Someone else's, or an id that does not
 * exist, changes nothing and is "not found" alike; one already read stays as it was.
 */
export async function markRead(db: Executor, user: ActivityUser, id: string): Promise<MarkReadResult> {
  if (!UUID.test(id)) return { ok: false, error: 'notFound' };
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, user.id), eq(notifications.orgId, user.orgId), inApp))
    .returning({ id: notifications.id });
  return rows.length ? { ok: true } : { ok: false, error: 'notFound' };
}

/** Marks every unread notification of the person read; returns how many were unread. */
export async function markAllRead(db: Executor, user: ActivityUser): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(eq(notifications.userId, user.id), eq(notifications.orgId, user.orgId), inApp, isNull(notifications.readAt)),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

/** Deletes notifications older than 90 days (every channel's copy is long sent by then); returns how many. */
export async function purgeOldNotifications(db: Executor, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - ACTIVITY_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const rows = await db
    .delete(notifications)
    .where(lt(notifications.createdAt, cutoff))
    .returning({ id: notifications.id });
  return rows.length;
}
