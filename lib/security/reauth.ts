import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { sessions } from '@/db/schema';
import type { CurrentUser } from '../auth/current';
import { verifyPassword } from '../auth/password-hash';
import { getT } from '../i18n/server';
import { accountKey, checkAccount, clearFailures, recordFailure } from './throttle';

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
export async function confirmPassword(db: Db, current: CurrentUser, password: string | undefined): Promise<string | null> {
  if (!password) return hasRecentPassword(current) ? null : 'errors.password.confirmRequired';
  const key = accountKey('signin', current.user.email);
  const decision = await checkAccount(db, key);
  if (!decision.allowed) return (await getT())('errors.tooManyAttempts', { seconds: decision.retryAfterSeconds });
  if (!current.user.passwordHash || !(await verifyPassword(current.user.passwordHash, password))) {
    await recordFailure(db, key);
    return 'errors.password.confirmWrong';
  }
  await clearFailures(db, key);
  await db.update(sessions).set({ reauthAt: new Date() }).where(eq(sessions.id, current.session.id));
  return null;
}
