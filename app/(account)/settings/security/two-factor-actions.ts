'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { getDb } from '@/db';
import { users } from '@/db/schema';
import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { requireUser } from '@/lib/auth/current';
import { getT } from '@/lib/i18n/server';
import { kickMailQueue } from '@/lib/jobs/boss';
import {
  beginTotpSetup,
  clearRevealedCodes,
  confirmTotpSetup,
  disableTotp,
  regenerateBackupCodes,
} from '@/lib/security/mfa';
import { confirmPassword } from '@/lib/security/reauth';

import { confirmWithPasswordSchema, enableTwoFactorSchema } from './schemas';

const PAGE = '/settings/security';

export async function beginTwoFactorSetup(): Promise<void> {
  const { user } = await requireUser({ action: true, beforeMfaSetup: true });
  if (!user.mfaEnabled) await beginTotpSetup(await getDb(), user);
  revalidatePath(PAGE);
}

export async function cancelTwoFactorSetup(): Promise<void> {
  const { user } = await requireUser({ action: true, beforeMfaSetup: true });
  await (await getDb()).update(users).set({ totpPendingEnc: null }).where(eq(users.id, user.id));
  revalidatePath(PAGE);
}

export async function dismissBackupCodes(): Promise<void> {
  const { session } = await requireUser({ action: true, beforeMfaSetup: true });
  await clearRevealedCodes(await getDb(), session.id);
  revalidatePath(PAGE);
}

export const enableTwoFactor = userAction(
  enableTwoFactorSchema,
  async (input, { current, meta }) => {
    const db = await getDb();
    if (current.user.mfaEnabled) return success('security.alreadyOn');
    const passwordError = await confirmPassword(db, current, input.password);
    if (passwordError) return failure(passwordError, { password: [passwordError] });
    const result = await confirmTotpSetup(db, current.user, input.code.replace(/\s/g, ''), current.session.id, meta);
    if (result === 'no-setup') return failure('security.noPendingSetup');
    if (result === 'invalid') {
      return failure('security.codeWrong', { code: ['security.codeWrong'] });
    }
    await kickMailQueue();
    revalidatePath(PAGE);
    return success('security.enabled');
  },
  { beforeMfaSetup: true },
);

export const disableTwoFactor = userAction(
  confirmWithPasswordSchema,
  async (input, { current, meta }) => {
    const db = await getDb();
    if (!current.user.mfaEnabled) return success('security.alreadyOff');
    if (current.org.requireMfa) return failure((await getT())('security.cannotDisable', { org: current.org.name }));
    const passwordError = await confirmPassword(db, current, input.password);
    if (passwordError) return failure(passwordError, { password: [passwordError] });
    await disableTotp(db, current.user, meta);
    await kickMailQueue();
    revalidatePath(PAGE);
    // The form that was posted is gone from the page now: the card itself says what happened.
    redirect(`${PAGE}?twoFactor=off#two-factor`);
  },
  { beforeMfaSetup: true },
);

export const regenerateCodes = userAction(
  confirmWithPasswordSchema,
  async (input, { current, meta }) => {
    const db = await getDb();
    if (!current.user.mfaEnabled) return failure('security.enableFirst');
    const passwordError = await confirmPassword(db, current, input.password);
    if (passwordError) return failure(passwordError, { password: [passwordError] });
    await regenerateBackupCodes(db, current.user, current.session.id, meta);
    await kickMailQueue();
    revalidatePath(PAGE);
    return success('security.regenerated');
  },
  { beforeMfaSetup: true },
);
