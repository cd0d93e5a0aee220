import 'server-only';

import { and, eq, ne } from 'drizzle-orm';

import type { Db } from '@/db';
import { sessions } from '@/db/schema';

import { audit } from '../audit/log';
import type { AccountSession, AuditMeta } from '../profile/account-user';
import type { EndOtherSessionsInput, EndSessionInput } from './schemas';

type Actor = { user: Pick<AccountSession['user'], 'id' | 'orgId'>; session: Pick<AccountSession['session'], 'id'> };

export type EndSessionResult = { ok: true; ended: boolean } | { ok: false; error: 'currentSession' };

/**
 * Ends one of the user's own sessions; the id of anyone else's session matches nothing. The
 * session the user acts through is not ended here (signing out does that).
 */
export async function endSession(
  db: Db,
  actor: Actor,
  input: EndSessionInput,
  meta: AuditMeta,
): Promise<EndSessionResult> {
  const { user } = actor;
  if (input.sessionId === actor.session.id) return { ok: false, error: 'currentSession' };
  const ended = await db.transaction(async (tx) => {
    const rows = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, user.id), eq(sessions.orgId, user.orgId)))
      .returning({ id: sessions.id });
    if (rows.length) {
      await audit(tx, {
        orgId: user.orgId,
        actorUserId: user.id,
        action: 'session.ended',
        targetType: 'user',
        targetId: user.id,
        data: { count: 1 },
        meta,
      });
    }
    return rows.length > 0;
  });
  return { ok: true, ended };
}

/** Ends every session of the user but the one they act through; audited even when there was none. */
export async function endOtherSessions(
  db: Db,
  actor: Actor,
  _input: EndOtherSessionsInput,
  meta: AuditMeta,
): Promise<{ ok: true; count: number }> {
  const { user } = actor;
  const count = await db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, user.id), eq(sessions.orgId, user.orgId), ne(sessions.id, actor.session.id)))
      .returning({ id: sessions.id });
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'session.ended',
      targetType: 'user',
      targetId: user.id,
      data: { count: ended.length, others: true },
      meta,
    });
    return ended.length;
  });
  return { ok: true, count };
}
