'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import * as security from '@/lib/security/pin-change';
import { setPinSchema } from '@/lib/security/schemas';

import { unconfirmed } from './answers';

export const setPin = userAction(
  setPinSchema,
  async (input, { db, current, meta }) => {
    const result = await security.setPin(db, current, input, meta);
    if (!result.ok) {
      return result.error === 'weakPin' ? failure('errors.pin.choose', { pin: result.problems }) : unconfirmed(result);
    }
    revalidatePath('/settings/security');
    return success('security.pinSaved');
  },
  { beforeMfaSetup: true },
);
