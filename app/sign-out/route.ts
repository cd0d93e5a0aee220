import { getDb } from '@/db';
import { signOut } from '@/lib/auth/auth';
import { getSessionIfReachable } from '@/lib/auth/current';
import { endSession } from '@/lib/auth/sign-out';
import { setFlash } from '@/lib/http/flash';
import { getRequestMeta } from '@/lib/http/request-meta';

/**
 * "Sign out" is a plain form posted here (with or without JavaScript); the proxy has checked that
 * it came from our own pages. The session row goes, the cookie goes, and the sign-in page says so.
 */
export async function POST() {
  const current = await getSessionIfReachable();
  if (current) await endSession(await getDb(), current, await getRequestMeta());
  await signOut({ redirect: false });
  await setFlash('/sign-in', { status: 'success', key: 'signIn.notice.signedOut' });
  // Relative, so it stays on the address the browser used; 303 turns the post into a GET.
  return new Response(null, { status: 303, headers: { location: '/sign-in', 'cache-control': 'no-store' } });
}
