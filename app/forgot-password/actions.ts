'use server';

import { getDb } from '@/db';
import { publicAction } from '@/lib/actions/define';
import { success } from '@/lib/actions/result';
import { log } from '@/lib/log';
import { requestPasswordReset } from '@/lib/security/password-reset';
import { takeResetAllowance } from '@/lib/security/throttle';
import { kickMailQueue } from '@/lib/jobs/boss';
import { forgotPasswordSchema } from './schema';

const SAME_ANSWER = 'forgot.sameAnswer';

/** Every answer takes at least this long, so known and unknown addresses look alike. */
const FLOOR_MS = 600;

export const sendResetLink = publicAction(forgotPasswordSchema, async (input, { meta }) => {
  const started = Date.now();
  try {
    const db = await getDb();
    if (await takeResetAllowance(db, input.email, meta.ip)) {
      if (await requestPasswordReset(db, input.email, meta)) await kickMailQueue();
    }
  } catch (error) {
    log.error({ err: String(error), requestId: meta.requestId }, 'password reset request failed');
  }
  const wait = FLOOR_MS + Math.random() * 100 - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return { ...success(SAME_ANSWER), values: { email: input.email } };
});
