'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { getDb } from '@/db';
import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { requireUser } from '@/lib/auth/current';
import { getT } from '@/lib/i18n/server';
import { confirmWithPasswordSchema, enableTwoFactorSchema } from '@/lib/security/schemas';
import * as security from '@/lib/security/two-factor';

import { unconfirmed } from './answers';

const PAGE = '/settings/security';

export async function beginTwoFactorSetup(): Promise<void> {
  const current = await requireUser({ action: true, beforeMfaSetup: true });
  await security.beginTwoFactorSetup(await getDb(), current);
  revalidatePath(PAGE);
}

export async function cancelTwoFactorSetup(): Promise<void> {
  const current = await requireUser({ action: true, beforeMfaSetup: true });
  await security.cancelTwoFactorSetup(await getDb(), current);
  revalidatePath(PAGE);
}

export async function dismissBackupCodes(): Promise<void> {
  const current = await requireUser({ action: true, beforeMfaSetup: true });
  await security.dismissBackupCodes(await getDb(), current);
  revalidatePath(PAGE);
}

export const enableTwoFactor = userAction(
  enableTwoFactorSchema,
  async (input, { current, meta }) => {
    const result = await security.enableTwoFactor(await getDb(), current, input, meta);
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
  async (input, { current, meta }) => {
    const result = await security.disableTwoFactor(await getDb(), current, input, meta);
    if (result.ok && result.alreadyOff) return success('security.alreadyOff');
    if (!result.ok) {
      if (result.error === 'requiredByOrg') {
        return failure((await getT())('security.cannotDisable', { org: current.org.name }));
      }
      return unconfirmed(result);
    }
    revalidatePath(PAGE);
    // The form that was posted is gone from the page now: the card itself says what happened.
    redirect(`${PAGE}?twoFactor=off#two-factor`);
  },
  { beforeMfaSetup: true },
);

export const regenerateCodes = userAction(
  confirmWithPasswordSchema,
  async (input, { current, meta }) => {
    const result = await security.regenerateBackupCodes(await getDb(), current, input, meta);
    if (!result.ok) return result.error === 'notEnabled' ? failure('security.enableFirst') : unconfirmed(result);
    revalidatePath(PAGE);
    return success('security.regenerated');
  },
  { beforeMfaSetup: true },
);
