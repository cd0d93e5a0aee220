'use server';

import { and, eq, ne } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { getDb } from '@/db';
import { sessions } from '@/db/schema';
import { isFormData } from '@/lib/actions/define';
import { audit } from '@/lib/audit/log';
import { requireUser } from '@/lib/auth/current';
import { getRequestMeta } from '@/lib/http/request-meta';

import { endSessionSchema } from './schemas';

const PAGE = '/settings/security';

/** Ends one of the caller's own sessions; an id of anyone else's session matches nothing. */
export async function endSession(formData: FormData): Promise<void> {
  const current = await requireUser({ action: true, beforeMfaSetup: true });
  const parsed = endSessionSchema.safeParse({ sessionId: isFormData(formData) ? formData.get('sessionId') : null });
  if (!parsed.success || parsed.data.sessionId === current.session.id) return revalidatePath(PAGE);
  const db = await getDb();
  const meta = await getRequestMeta();
  await db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.id, parsed.data.sessionId),
          eq(sessions.userId, current.user.id),
          eq(sessions.orgId, current.org.id),
        ),
      )
      .returning({ id: sessions.id });
    if (ended.length) {
      await audit(tx, {
        orgId: current.org.id,
        actorUserId: current.user.id,
        action: 'session.ended',
        targetType: 'user',
        targetId: current.user.id,
        data: { count: 1 },
        meta,
      });
    }
  });
  revalidatePath(PAGE);
  // The page says so, with and without JavaScript (a plain form post follows the redirect).
  redirect(`${PAGE}?signedOut=one#sessions`);
}

export async function endOtherSessions(): Promise<void> {
  const current = await requireUser({ action: true, beforeMfaSetup: true });
  const db = await getDb();
  const meta = await getRequestMeta();
  const count = await db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.userId, current.user.id),
          eq(sessions.orgId, current.org.id),
          ne(sessions.id, current.session.id),
        ),
      )
      .returning({ id: sessions.id });
    await audit(tx, {
      orgId: current.org.id,
      actorUserId: current.user.id,
      action: 'session.ended',
      targetType: 'user',
      targetId: current.user.id,
      data: { count: ended.length, others: true },
      meta,
    });
    return ended.length;
  });
  revalidatePath(PAGE);
  redirect(`${PAGE}?signedOut=others&count=${count}#sessions`);
}
