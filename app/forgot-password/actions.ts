'use server';

import { unstable_rethrow } from 'next/navigation';

import { publicAction, TRY_AGAIN } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { kickMailQueue } from '@/lib/jobs/boss';
import { log } from '@/lib/log';
import { requestPasswordReset } from '@/lib/security/password-reset';
import { takeResetAllowance } from '@/lib/security/throttle';

import { forgotPasswordSchema } from './schema';

const SAME_ANSWER = 'forgot.sameAnswer';

/** Every answer takes at least this long, so known and unknown addresses look alike. */
const FLOOR_MS = 600;

/**
 * The same answer for every address, so nobody learns which have an account; but never a claim
 * that a link was sent when nothing could be stored. A failure to read or write the database
 * answers "try again": when the database is down it fails for every address alike.
 */
export const sendResetLink = publicAction(forgotPasswordSchema, async (input, { db, meta }) => {
  const started = Date.now();
  let stored = true;
  try {
    if (await takeResetAllowance(db, input.email, meta.ip)) {
      if (await requestPasswordReset(db, input.email, meta)) await kickMailQueue();
    }
  } catch (error) {
    unstable_rethrow(error);
    stored = false;
    log.error({ err: String(error), requestId: meta.requestId }, 'password reset request failed');
  }
  const wait = FLOOR_MS + Math.random() * 100 - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const values = { email: input.email };
  return stored ? { ...success(SAME_ANSWER), values } : failure(TRY_AGAIN, undefined, values);
});
