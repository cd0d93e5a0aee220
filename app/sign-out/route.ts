import { signOutThisBrowser } from '@/lib/auth/sign-out';
import { setFlash } from '@/lib/http/flash';
import { getRequestMeta } from '@/lib/http/request-meta';
import { seeOther } from '@/lib/http/see-other';

/**
 * "Sign out" is a plain form posted here (with or without JavaScript); the proxy has checked that
 * it came from our own pages. The session row goes, the cookie goes, and the sign-in page says so.
 * Not behind `publicRoute`: signing out must work while the database is out of reach, so the
 * handle is taken only when there is a session to end (see signOutThisBrowser).
 */
export async function POST(): Promise<Response> {
  await signOutThisBrowser(await getRequestMeta());
  await setFlash('/sign-in', { status: 'success', key: 'signIn.notice.signedOut' });
  return seeOther('/sign-in');
}
