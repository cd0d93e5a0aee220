import { CONNECTIONS_PATH, rememberLinkRequest } from '@/lib/auth/oidc';
import { toProvider } from '@/lib/auth/oidc-redirect';
import { findLinkedAccount } from '@/lib/connections/linked-accounts';
import { setFlash } from '@/lib/http/flash';
import { routeHandler } from '@/lib/http/route-handler';
import { seeOther } from '@/lib/http/see-other';

const AT_CARD = `${CONNECTIONS_PATH}#linked-account-title`;

/**
 * "Link account" (a plain form post; proxy.ts has checked its origin): remembers which session
 * asked, then sends the browser to the provider. Its answer comes back to the callback, which
 * links the account (lib/auth/oidc.ts).
 */
export const POST = routeHandler({ signedOut: 'signIn' }, async (_request, { db, current }) => {
  if (await findLinkedAccount(db, current.user.id)) {
    await setFlash(CONNECTIONS_PATH, { status: 'error', key: 'connections.alreadyHaveOne' });
    return seeOther(AT_CARD);
  }
  await rememberLinkRequest(current.session.id, current.user.id);
  return toProvider(CONNECTIONS_PATH, AT_CARD);
});
