import 'server-only';

import type { Db } from '@/db';
import type { MessageKey } from '@/lib/i18n/message';

import { hashPassword, verifyPassword } from '../auth/password-hash';
import { kickMailQueue } from '../jobs/boss';
import type { AccountSession, AuditMeta } from '../profile/account-user';
import { checkPassword } from './common-passwords';
import { applyNewPassword } from './password-reset';
import type { Throttled } from './reauth';
import type { ChangePasswordInput } from './schemas';
import { accountKey, attemptSucceeded, reserveAttempt } from './throttle';

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; error: 'currentWrong' | 'sameAsCurrent' }
  /** Message keys, one for each rule the new password breaks. */
  | { ok: false; error: 'weak'; problems: MessageKey[] }
  | Throttled;

/**
 * The user's own password, with the current one as proof. Every session of the user ends in the
 * same transaction as the change, its audit row and the notice mail: the caller starts a fresh
 * one for the browser that asked.
 */
export async function changePassword(
  db: Db,
  actor: Pick<AccountSession, 'user' | 'session'> & { org: Pick<AccountSession['org'], 'name'> },
  input: ChangePasswordInput,
  meta: AuditMeta,
): Promise<ChangePasswordResult> {
  const { user, org, session } = actor;
  // Counted before the check, as at sign-in: the same account budget.
  const reservation = await reserveAttempt(db, { account: accountKey('signin', user.email) });
  if (!reservation.allowed) return { ok: false, error: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds };
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, error: 'currentWrong' };
  }
  await attemptSucceeded(db, reservation.attempt);
  if (await verifyPassword(user.passwordHash, input.newPassword)) return { ok: false, error: 'sameAsCurrent' };
  const problems = checkPassword(input.newPassword, {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    orgName: org.name,
  });
  if (problems.length) return { ok: false, error: 'weak', problems };

  const passwordHash = await hashPassword(input.newPassword);
  // applyNewPassword reads only the address and the user agent of the request's meta.
  const requestMeta = { requestId: null, ...meta };
  await db.transaction((tx) =>
    applyNewPassword(tx, user, passwordHash, {
      kind: 'password.changed',
      keepSessionId: session.id,
      meta: requestMeta,
    }),
  );
  await kickMailQueue();
  return { ok: true };
}
