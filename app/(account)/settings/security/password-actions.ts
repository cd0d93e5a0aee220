'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { startSession } from '@/lib/auth/start-session';
import * as security from '@/lib/security/password-change';
import { changePasswordSchema } from '@/lib/security/schemas';

import { throttledMessage } from './answers';

export const changePassword = userAction(
  changePasswordSchema,
  async (input, { db, current, meta }) => {
    const result = await security.changePassword(db, current, input, meta);
    if (!result.ok) {
      switch (result.error) {
        case 'throttled':
          return failure(throttledMessage(result));
        case 'currentWrong':
          return failure('errors.password.currentWrong', { currentPassword: ['errors.password.currentWrong'] });
        case 'sameAsCurrent':
          return failure('errors.password.sameAsCurrent', { newPassword: ['errors.password.sameAsCurrent'] });
        case 'weak':
          return failure('errors.password.stronger', { newPassword: result.problems });
      }
    }
    // Every session ended with the change; this browser continues on a fresh one.
    await startSession(db, { userId: current.user.id, orgId: current.user.orgId, mfaPending: false, meta });
    revalidatePath('/settings/security');
    return success('security.passwordChanged');
  },
  { beforeMfaSetup: true },
);
