'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { publicAction } from '@/lib/actions/define';
import { failure } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { verifyCredentials } from '@/lib/auth/credentials';
import { normalizeEmail } from '@/lib/auth/email';
import { startSession } from '@/lib/auth/start-session';
import { tooManyAttempts } from '@/lib/security/messages';
import { accountKey, checkAccount, checkIp, clearFailures, combine, ipKey, recordFailure } from '@/lib/security/throttle';
import { safeCallbackPath, signInSchema } from './schema';

const WRONG = 'signIn.wrong';


export const signInWithPassword = publicAction(signInSchema, async (input, { meta, values }) => {
  const db = await getDb();
  const keep = { email: values.email ?? '', callbackUrl: values.callbackUrl ?? '' };
  const account = accountKey('signin', normalizeEmail(input.email));
  const ip = ipKey('signin', meta.ip);
  // While throttled the password is not even checked: the right one gets the same answer.
  const decision = combine(await checkAccount(db, account), await checkIp(db, ip));
  if (!decision.allowed) return failure(await tooManyAttempts(decision.retryAfterSeconds), undefined, keep);

  const { user, known } = await verifyCredentials(db, input.email, input.password);
  if (!user) {
    await recordFailure(db, account);
    await recordFailure(db, ip);
    if (known) {
      await audit(db, { orgId: known.orgId, actorUserId: known.id, action: 'auth.sign_in_failed', targetType: 'user', targetId: known.id, meta });
    }
    return failure(WRONG, undefined, keep);
  }
  await clearFailures(db, account);
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
