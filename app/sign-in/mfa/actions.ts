'use server';

import { redirect } from 'next/navigation';

import { publicAction } from '@/lib/actions/define';
import { failure } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { getCurrentSession } from '@/lib/auth/current';
import { deleteSession } from '@/lib/auth/session-store';
import { safeCallbackPath } from '@/lib/auth/sign-in-schema';
import { startSession } from '@/lib/auth/start-session';
import { setFlash } from '@/lib/http/flash';
import { kickMailQueue } from '@/lib/jobs/boss';
import { tooManyAttempts } from '@/lib/security/messages';
import { verifySecondFactor } from '@/lib/security/mfa';
import { accountKey, attemptSucceeded, ipKey, reserveAttempt } from '@/lib/security/throttle';

import { mfaSchema } from './schema';

/** The second sign-in step; only a session still waiting for it may call this. */
export const verifyMfa = publicAction(mfaSchema, async (input, { db, meta }) => {
  const current = await getCurrentSession();
  if (!current) {
    await setFlash('/sign-in', { status: 'info', key: 'signIn.notice.sessionEnded' });
    redirect('/sign-in');
  }
  if (!current.session.mfaPending) redirect(safeCallbackPath(input.callbackUrl));
  const { user } = current;
  // Counted before the code is checked, so parallel guesses cannot all slip under the limit.
  const reservation = await reserveAttempt(db, { ip: ipKey('mfa', meta.ip), account: accountKey('mfa', user.id) });
  if (!reservation.allowed) return failure(tooManyAttempts(reservation.retryAfterSeconds));

  const result = await verifySecondFactor(db, user, input.code, meta);
  if (!result.ok) {
    await audit(db, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'auth.mfa_failed',
      targetType: 'user',
      targetId: user.id,
      data: { reason: result.reason },
      meta,
    });
    const message = result.reason === 'replayed' ? 'mfa.replayed' : 'mfa.wrong';
    return failure(message, { code: [message] });
  }
  await attemptSucceeded(db, reservation.attempt);
  // A fresh session id once both factors are in.
  await deleteSession(db, current.session.id);
  await startSession(db, { userId: user.id, orgId: user.orgId, mfaPending: false, meta });
  await audit(db, {
    orgId: user.orgId,
    actorUserId: user.id,
    action: 'auth.sign_in',
    targetType: 'user',
    targetId: user.id,
    data: { mfa: result.method },
    meta,
  });
  if (result.method === 'backup') await kickMailQueue();
  redirect(safeCallbackPath(input.callbackUrl));
});
