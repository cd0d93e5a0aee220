'use server';

import { redirect } from 'next/navigation';

import { publicAction } from '@/lib/actions/define';
import { failure } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { kickMailQueue } from '@/lib/jobs/boss';
import { checkPassword } from '@/lib/security/common-passwords';
import { findValidResetToken, resetPassword as reset } from '@/lib/security/password-reset';

import { resetPasswordSchema } from './schema';

const EXPIRED = 'reset.invalid';

/** Sets the new password and ends every session; the user then signs in (with two-factor if on). */
export const resetPassword = publicAction(resetPasswordSchema, async (input, { db, meta }) => {
  const valid = await findValidResetToken(db, input.token);
  if (!valid) return failure(EXPIRED);
  const problems = checkPassword(input.newPassword, {
    email: valid.user.email,
    firstName: valid.user.firstName,
    lastName: valid.user.lastName,
    orgName: valid.orgName,
  });
  if (problems.length) return failure('errors.password.stronger', { newPassword: problems });
  if (!(await reset(db, input.token, input.newPassword, meta))) return failure(EXPIRED);
  await kickMailQueue();
  await setFlash('/sign-in', { status: 'success', key: 'signIn.notice.passwordReset' });
  redirect('/sign-in');
});
