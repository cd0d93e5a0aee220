'use server';

import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { hashPassword, verifyPassword } from '@/lib/auth/password-hash';
import { startSession } from '@/lib/auth/start-session';
import { kickMailQueue } from '@/lib/jobs/boss';
import { checkPassword } from '@/lib/security/common-passwords';
import { tooManyAttempts } from '@/lib/security/messages';
import { applyNewPassword } from '@/lib/security/password-reset';
import { accountKey, attemptSucceeded, reserveAttempt } from '@/lib/security/throttle';

import { changePasswordSchema } from './schemas';

export const changePassword = userAction(
  changePasswordSchema,
  async (input, { current, meta }) => {
    const db = await getDb();
    const { user, org, session } = current;
    // Counted before the check, as at sign-in: the same account budget.
    const reservation = await reserveAttempt(db, { account: accountKey('signin', user.email) });
    if (!reservation.allowed) return failure(await tooManyAttempts(reservation.retryAfterSeconds));
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      return failure('errors.password.currentWrong', { currentPassword: ['errors.password.currentWrong'] });
    }
    await attemptSucceeded(db, reservation.attempt);
    if (await verifyPassword(user.passwordHash, input.newPassword)) {
      return failure('errors.password.sameAsCurrent', { newPassword: ['errors.password.sameAsCurrent'] });
    }
    const problems = checkPassword(input.newPassword, {
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      orgName: org.name,
    });
    if (problems.length) return failure('errors.password.stronger', { newPassword: problems });

    const passwordHash = await hashPassword(input.newPassword);
    await db.transaction((tx) =>
      applyNewPassword(tx, user, passwordHash, { kind: 'password.changed', keepSessionId: session.id, meta }),
    );
    // Every session ended inside the transaction; this browser continues on a fresh one.
    await startSession(db, { userId: user.id, orgId: user.orgId, mfaPending: false, meta });
    await kickMailQueue();
    revalidatePath('/settings/security');
    return success('security.passwordChanged');
  },
  { beforeMfaSetup: true },
);
