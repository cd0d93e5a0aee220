import 'server-only';

import { eq } from 'drizzle-orm';

import type { Executor } from '@/db';
import { sessions } from '@/db/schema';

import { verifyPassword } from '../auth/password-hash';
import type { AccountSession } from '../profile/account-user';
import { accountKey, attemptSucceeded, reserveAttempt } from './throttle';

export const REAUTH_MINUTES = 10;

type Actor = {
  user: Pick<AccountSession['user'], 'email' | 'passwordHash'>;
  session: Pick<AccountSession['session'], 'id' | 'reauthAt'>;
};

export function hasRecentPassword(actor: Pick<Actor, 'session'>, now = Date.now()): boolean {
  const at = actor.session.reauthAt?.getTime();
  return !!at && now - at < REAUTH_MINUTES * 60_000;
}

/** Too many wrong passwords for this account lately: the caller says how long to wait. */
export type Throttled = { ok: false; error: 'throttled'; retryAfterSeconds: number };

export type PasswordConfirmation = { ok: true } | { ok: false; error: 'confirmRequired' | 'confirmWrong' } | Throttled;

/**
 * Sensitive changes need the password: typed in the same form, or confirmed in this session in
 * the last ten minutes. Wrong guesses count toward the account's sign-in throttle; a right one
 * marks the session as recently confirmed.
 */
export async function confirmPassword(
  db: Executor,
  actor: Actor,
  password: string | undefined,
): Promise<PasswordConfirmation> {
  if (!password) return hasRecentPassword(actor) ? { ok: true } : { ok: false, error: 'confirmRequired' };
  // Counted before the check, so parallel guesses cannot all slip under the account's limit.
  const reservation = await reserveAttempt(db, { account: accountKey('signin', actor.user.email) });
  if (!reservation.allowed) return { ok: false, error: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds };
  if (!actor.user.passwordHash || !(await verifyPassword(actor.user.passwordHash, password))) {
    return { ok: false, error: 'confirmWrong' };
  }
  await attemptSucceeded(db, reservation.attempt);
  await db.update(sessions).set({ reauthAt: new Date() }).where(eq(sessions.id, actor.session.id));
  return { ok: true };
}
