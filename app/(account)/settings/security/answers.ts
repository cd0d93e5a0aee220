import 'server-only';

import { failure, type ActionResult } from '@/lib/actions/result';
import { tooManyAttempts } from '@/lib/security/messages';
import type { PasswordConfirmation, Throttled } from '@/lib/security/reauth';

/** The throttle's wait. */
export const throttledMessage = (result: Throttled) => tooManyAttempts(result.retryAfterSeconds);

const CONFIRMATION_MESSAGES = {
  confirmRequired: 'errors.password.confirmRequired',
  confirmWrong: 'errors.password.confirmWrong',
} as const;

/** Why the password confirming a sensitive change was not accepted, on the form's password field. */
export function unconfirmed(result: Exclude<PasswordConfirmation, { ok: true }>): ActionResult {
  const message = result.error === 'throttled' ? throttledMessage(result) : CONFIRMATION_MESSAGES[result.error];
  return failure(message, { password: [message] });
}
