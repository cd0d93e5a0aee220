import type { Message } from '../i18n/message';

/** The throttle's answer; long waits in whole minutes, rounded up. */
export function tooManyAttempts(seconds: number): Message {
  if (seconds > 90) return { key: 'errors.tooManyAttemptsMinutes', values: { minutes: Math.ceil(seconds / 60) } };
  return { key: 'errors.tooManyAttempts', values: { seconds } };
}
