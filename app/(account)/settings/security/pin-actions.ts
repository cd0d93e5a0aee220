'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { users } from '@/db/schema';
import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { kickMailQueue } from '@/lib/jobs/boss';
import { hashPin, pinProblems } from '@/lib/security/pin';
import { confirmPassword } from '@/lib/security/reauth';
import { queueSecurityMail } from '@/lib/security/security-mail';

import { setPinSchema } from './schemas';

export const setPin = userAction(
  setPinSchema,
  async (input, { current, meta }) => {
    const db = await getDb();
    const problems = pinProblems(input.pin, { dateOfBirth: current.user.dateOfBirth });
    if (problems.length) return failure('errors.pin.choose', { pin: problems });
    const passwordError = await confirmPassword(db, current, input.password);
    if (passwordError) return failure(passwordError, { password: [passwordError] });
    const pinHash = await hashPin(input.pin);
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ pinHash, pinFailedCount: 0, pinLockedAt: null, updatedAt: new Date() })
        .where(eq(users.id, current.user.id));
      await audit(tx, {
        orgId: current.org.id,
        actorUserId: current.user.id,
        action: 'pin.changed',
        targetType: 'user',
        targetId: current.user.id,
        meta,
      });
      await queueSecurityMail(tx, 'pin.changed', current.user, meta);
    });
    await kickMailQueue();
    revalidatePath('/settings/security');
    return success('security.pinSaved');
  },
  { beforeMfaSetup: true },
);
