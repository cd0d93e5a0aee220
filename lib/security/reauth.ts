import 'server-only';

import { eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { sessions } from '@/db/schema';

import type { CurrentUser } from '../auth/current';
import { verifyPassword } from '../auth/password-hash';
import { tooManyAttempts } from './messages';
import { accountKey, attemptSucceeded, reserveAttempt } from './throttle';

export const REAUTH_MINUTES = 10;

export function hasRecentPassword(current: CurrentUser, now = Date.now()): boolean {
  const at = current.session.reauthAt?.getTime();
  return !!at && now - at < REAUTH_MINUTES * 60_000;
}

/**
 * Sensitive changes need the password: typed in the same form, or confirmed in this session in
 * the last ten minutes. Wrong guesses count toward the account's sign-in throttle.
 * Returns an error message for the password field, or null when confirmed.
 */
export async function confirmPassword(
  db: Db,
  current: CurrentUser,
  password: string | undefined,
): Promise<string | null> {
  if (!password) return hasRecentPassword(current) ? null : 'errors.password.confirmRequired';
  // Counted before the check, so parallel guesses cannot all slip under the account's limit.
  const reservation = await reserveAttempt(db, { account: accountKey('signin', current.user.email) });
  if (!reservation.allowed) return tooManyAttempts(reservation.retryAfterSeconds);
  if (!current.user.passwordHash || !(await verifyPassword(current.user.passwordHash, password))) {
    return 'errors.password.confirmWrong';
  }
  await attemptSucceeded(db, reservation.attempt);
  await db.update(sessions).set({ reauthAt: new Date() }).where(eq(sessions.id, current.session.id));
  return null;
}
