import 'server-only';

import { getT } from '../i18n/server';

/** The throttle's answer, in the user's language; long waits in whole minutes, rounded up. */
export async function tooManyAttempts(seconds: number): Promise<string> {
  const t = await getT();
  if (seconds > 90) return t('errors.tooManyAttemptsMinutes', { minutes: Math.ceil(seconds / 60) });
  return t('errors.tooManyAttempts', { seconds });
}
