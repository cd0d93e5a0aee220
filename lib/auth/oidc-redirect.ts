import 'server-only';

import { config } from '../config';
import { setFlash } from '../http/flash';
import { seeOther } from '../http/see-other';
import { log } from '../log';
import { signIn } from './auth';
import { OIDC_PROVIDER_ID } from './oidc';

/**
 * The answer of "Link account" and "Sign in with …": 303 to the provider's sign-in (the state,
 * PKCE and nonce cookies set on the way), or back to `back` saying the provider could not be
 * reached. Route handlers answer these plain form posts, with or without JavaScript, so the
 * browser goes to the provider in one ordinary navigation.
 */
export async function toProvider(redirectTo: string, back: string): Promise<Response> {
  const settings = config.oidc;
  if (!settings) return seeOther(back);
  try {
    const url = await signIn(OIDC_PROVIDER_ID, { redirect: false, redirectTo });
    if (typeof url === 'string' && /^https?:/.test(url)) return seeOther(url);
  } catch (error) {
    log.warn({ err: String(error) }, 'the OpenID provider could not be reached');
  }
  await setFlash(back.split('#')[0], {
    status: 'error',
    key: 'connections.providerUnreachable',
    values: { provider: settings.name },
  });
  return seeOther(back);
}
