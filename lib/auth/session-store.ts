import 'server-only';

import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';

import type { Executor } from '@/db';
import { organizations, sessions, users } from '@/db/schema';

export const SESSION_TOUCH_SECONDS = 60;

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export async function createSession(
  tx: Executor,
  input: {
    userId: string;
    orgId: string;
    absoluteHours: number;
    mfaPending: boolean;
    ip: string | null;
    userAgent: string | null;
    passkeyVerified?: boolean;
  },
): Promise<string> {
  const id = newSessionId();
  await tx.insert(sessions).values({
    id,
    userId: input.userId,
    orgId: input.orgId,
    mfaPending: input.mfaPending,
    passkeyVerified: input.passkeyVerified ?? false,
    ip: input.ip,
    userAgent: input.userAgent,
    expiresAt: new Date(Date.now() + input.absoluteHours * 3600_000),
  });
  return id;
}

export type LiveSession = {
  session: typeof sessions.$inferSelect;
  user: typeof users.$inferSelect;
  org: typeof organizations.$inferSelect;
};

const buildLiveSessionQuery = (db: Executor) =>
  db
    .select({ session: sessions, user: users, org: organizations })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, sessions.orgId))
    .where(eq(sessions.id, sql.placeholder('sessionId')))
    .limit(1)
    .prepare('live_session');

/**
 * Every signed-in request runs this query: it is built once per database handle (a prepared
 * statement), not on every request. A transaction gets its own.
 */
const liveSessionQueries = new WeakMap<Executor, ReturnType<typeof buildLiveSessionQuery>>();
function liveSessionQuery(db: Executor) {
  let query = liveSessionQueries.get(db);
  if (!query) {
    query = buildLiveSessionQuery(db);
    liveSessionQueries.set(db, query);
  }
  return query;
}

/**
 * The session row with its user and organization, or null when it was revoked, expired
 * (absolute), idle too long, or its user is no longer active. Touches last-seen at most once a minute.
 */
export async function loadLiveSession(db: Executor, sessionId: string, now = new Date()): Promise<LiveSession | null> {
  const [row] = await liveSessionQuery(db).execute({ sessionId });
  if (!row) return null;
  const idleMs = row.org.sessionIdleMinutes * 60_000;
  const expired =
    row.session.expiresAt.getTime() <= now.getTime() ||
    now.getTime() - row.session.lastSeenAt.getTime() > idleMs ||
    row.user.status !== 'active';
  if (expired) {
    await db.delete(sessions).where(eq(sessions.id, sessionId));
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > SESSION_TOUCH_SECONDS * 1000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
  }
  return row;
}

/**
 * The user's sessions that still work: signed in past two-factor, neither past their absolute
 * expiry nor idle longer than the organization allows. Most recently active first.
 */
export async function listActiveSessions(
  db: Executor,
  input: { userId: string; orgId: string; idleMinutes: number },
  now = new Date(),
) {
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, input.userId),
        eq(sessions.orgId, input.orgId),
        eq(sessions.mfaPending, false),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - input.idleMinutes * 60_000)),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt));
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function deleteUserSessions(db: Executor, userId: string, exceptSessionId?: string): Promise<number> {
  const where = exceptSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
    : eq(sessions.userId, userId);
  const deleted = await db.delete(sessions).where(where).returning({ id: sessions.id });
  return deleted.length;
}
