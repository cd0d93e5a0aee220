import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { users } from '@/db/schema';
import type { MessageKey } from '@/lib/i18n/message';

import { audit } from '../audit/log';
import { kickMailQueue } from '../jobs/boss';
import type { AccountSession, AuditMeta } from '../profile/account-user';
import { hashPin, pinProblems } from './pin';
import { confirmPassword, type PasswordConfirmation } from './reauth';
import type { SetPinInput } from './schemas';
import { queueSecurityMail } from './security-mail';

export type SetPinResult =
  | { ok: true }
  /** Message keys: why this PIN is refused. */
  | { ok: false; error: 'weakPin'; problems: MessageKey[] }
  | Exclude<PasswordConfirmation, { ok: true }>;

/**
 * A new phone PIN for the user, which also lifts a lock. Needs the password (typed, or confirmed
 * in this session lately); the change, its audit row and the notice mail commit together.
 */
export async function setPin(
  db: Db,
  actor: Pick<AccountSession, 'user' | 'session'>,
  input: SetPinInput,
  meta: AuditMeta,
): Promise<SetPinResult> {
  const { user } = actor;
  const problems = pinProblems(input.pin, { dateOfBirth: user.dateOfBirth });
  if (problems.length) return { ok: false, error: 'weakPin', problems };
  const confirmed = await confirmPassword(db, actor, input.password);
  if (!confirmed.ok) return confirmed;
  const pinHash = await hashPin(input.pin);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ pinHash, pinFailedCount: 0, pinLockedAt: null, updatedAt: new Date() })
      .where(and(eq(users.id, user.id), eq(users.orgId, user.orgId)));
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'pin.changed',
      targetType: 'user',
      targetId: user.id,
      meta,
    });
    await queueSecurityMail(tx, 'pin.changed', user, meta);
  });
  await kickMailQueue();
  return { ok: true };
}
