'use server';

import { redirect } from 'next/navigation';

import { publicAction } from '@/lib/actions/define';
import { failure } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { kickMailQueue } from '@/lib/jobs/boss';
import { confirmEmailChange } from '@/lib/org/email-change';

import { confirmEmailSchema } from './schema';

/** Whoever opened the link mailed to the new address confirms it; nobody else has the token. */
export const confirmEmail = publicAction(confirmEmailSchema, async ({ token }, { db, meta }) => {
  const outcome = await confirmEmailChange(db, token, meta);
  if (outcome === 'invalid') return failure('confirmEmail.invalid');
  if (outcome === 'taken') return failure('confirmEmail.taken');
  await kickMailQueue();
  await setFlash('/sign-in', { status: 'success', key: 'signIn.notice.emailConfirmed' });
  redirect('/sign-in');
});
