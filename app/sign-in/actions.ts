'use server';

import { redirect } from 'next/navigation';

import { publicAction } from '@/lib/actions/define';
import { failure } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { verifyCredentials } from '@/lib/auth/credentials';
import { normalizeEmail } from '@/lib/auth/email';
import { safeCallbackPath, signInSchema } from '@/lib/auth/sign-in-schema';
import { startSession } from '@/lib/auth/start-session';
import { tooManyAttempts } from '@/lib/security/messages';
import { accountKey, attemptSucceeded, ipKey, reserveAttempt } from '@/lib/security/throttle';

const WRONG = 'signIn.wrong';

export const signInWithPassword = publicAction(signInSchema, async (input, { db, meta, values }) => {
  const keep = { email: values.email ?? '', callbackUrl: values.callbackUrl ?? '' };
  // Counted before the password is checked; while throttled it is not checked at all, so the
  // right one gets the same answer.
  const reservation = await reserveAttempt(db, {
    ip: ipKey('signin', meta.ip),
    account: accountKey('signin', normalizeEmail(input.email)),
    accountsPerIp: true,
  });
  if (!reservation.allowed) return failure(tooManyAttempts(reservation.retryAfterSeconds), undefined, keep);

  const { user, known } = await verifyCredentials(db, input.email, input.password);
  if (!user) {
    if (known) {
      await audit(db, {
        orgId: known.orgId,
        actorUserId: known.id,
        action: 'auth.sign_in_failed',
        targetType: 'user',
        targetId: known.id,
        meta,
      });
    }
    return failure(WRONG, undefined, keep);
  }
  await attemptSucceeded(db, reservation.attempt);
  const mfaPending = user.mfaEnabled;
  await startSession(db, { userId: user.id, orgId: user.orgId, mfaPending, meta });
  await audit(db, {
    orgId: user.orgId,
    actorUserId: user.id,
    action: mfaPending ? 'auth.password_verified' : 'auth.sign_in',
    targetType: 'user',
    targetId: user.id,
    meta,
  });
  const next = safeCallbackPath(input.callbackUrl);
  redirect(mfaPending ? `/sign-in/mfa?callbackUrl=${encodeURIComponent(next)}` : next);
});
