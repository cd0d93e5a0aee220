import { signOut } from '@/lib/auth/auth';
import { getSessionIfReachable } from '@/lib/auth/current';
import { endSession } from '@/lib/auth/sign-out';
import { setFlash } from '@/lib/http/flash';
import { getRequestMeta } from '@/lib/http/request-meta';
import { publicRoute } from '@/lib/http/route-handler';

/**
 * "Sign out" is a plain form posted here (with or without JavaScript); the proxy has checked that
 * it came from our own pages. The session row goes, the cookie goes, and the sign-in page says so.
 */
export const POST = publicRoute({}, async ({ db }) => {
  const current = await getSessionIfReachable();
  if (current) await endSession(db, current, await getRequestMeta());
  await signOut({ redirect: false });
  await setFlash('/sign-in', { status: 'success', key: 'signIn.notice.signedOut' });
  // Relative, so it stays on the address the browser used; 303 turns the post into a GET.
  return new Response(null, { status: 303, headers: { location: '/sign-in', 'cache-control': 'no-store' } });
});
