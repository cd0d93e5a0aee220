'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import type { Db } from '@/db';
import { userAction, userFormAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { z } from '@/lib/actions/zod';
import type { CurrentUser } from '@/lib/auth/current';
import { setFlash } from '@/lib/http/flash';
import { confirmWithPasswordSchema, enableTwoFactorSchema } from '@/lib/security/schemas';
import * as security from '@/lib/security/two-factor';

import { unconfirmed } from './answers';

const PAGE = '/settings/security';

/** A button that only needs the signed-in user: no fields, the domain function does the rest. */
const button = (run: (db: Db, current: CurrentUser) => Promise<unknown>) =>
  userFormAction(
    z.object({}),
    async (_input, { db, current }) => {
      await run(db, current);
      revalidatePath(PAGE);
    },
    { beforeMfaSetup: true },
  );

export const beginTwoFactorSetup = button(security.beginTwoFactorSetup);

export const cancelTwoFactorSetup = button(security.cancelTwoFactorSetup);

export const dismissBackupCodes = button(security.dismissBackupCodes);

export const enableTwoFactor = userAction(
  enableTwoFactorSchema,
  async (input, { db, current, meta }) => {
    const result = await security.enableTwoFactor(db, current, input, meta);
    if (result.ok && result.alreadyOn) return success('security.alreadyOn');
    if (!result.ok) {
      if (result.error === 'noPendingSetup') return failure('security.noPendingSetup');
      if (result.error === 'codeWrong') return failure('security.codeWrong', { code: ['security.codeWrong'] });
      return unconfirmed(result);
    }
    revalidatePath(PAGE);
    return success('security.enabled');
  },
  { beforeMfaSetup: true },
);

export const disableTwoFactor = userAction(
  confirmWithPasswordSchema,
  async (input, { db, current, meta }) => {
    const result = await security.disableTwoFactor(db, current, input, meta);
    if (result.ok && result.alreadyOff) return success('security.alreadyOff');
    if (!result.ok) {
      if (result.error === 'requiredByOrg') {
        return failure({ key: 'security.cannotDisable', values: { org: current.org.name } });
      }
      return unconfirmed(result);
    }
    revalidatePath(PAGE);
    // The form that was posted is gone from the page now: the card itself says what happened.
    await setFlash(PAGE, { status: 'success', key: 'security.disabled' });
    redirect(`${PAGE}#two-factor`);
  },
  { beforeMfaSetup: true },
);

export const regenerateCodes = userAction(
  confirmWithPasswordSchema,
  async (input, { db, current, meta }) => {
    const result = await security.regenerateBackupCodes(db, current, input, meta);
    if (!result.ok) return result.error === 'notEnabled' ? failure('security.enableFirst') : unconfirmed(result);
    revalidatePath(PAGE);
    return success('security.regenerated');
  },
  { beforeMfaSetup: true },
);
