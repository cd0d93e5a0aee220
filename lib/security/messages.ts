import 'server-only';
import { getT } from '../i18n/server';

/** The throttle's answer, in the user's language. */
export async function tooManyAttempts(seconds: number): Promise<string> {
  return (await getT())('errors.tooManyAttempts', { seconds });
}
