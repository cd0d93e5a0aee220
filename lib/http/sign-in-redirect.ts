/**
 * Longest `callbackUrl` (as it appears, percent-encoded, in the sign-in URL) carried over when a
 * signed-out visitor is sent to sign in. A page of ours fits many times over; copying an
 * arbitrary URL whole made the redirect's Location several times its size.
 */
export const MAX_CALLBACK_URL_LENGTH = 1000;

/**
 * Where a signed-out visitor of `pathname` + `search` signs in: the page to return to, or without
 * its query when that is too long, or no return path at all when even the path is.
 */
export function signInPath(pathname: string, search = ''): string {
  for (const back of search ? [`${pathname}${search}`, pathname] : [pathname]) {
    // The cheap bound first: encoding never makes a string shorter.
    if (back.length > MAX_CALLBACK_URL_LENGTH) continue;
    let encoded: string;
    try {
      encoded = encodeURIComponent(back);
    } catch {
      continue; // a lone surrogate, which no URL of ours holds
    }
    if (encoded.length <= MAX_CALLBACK_URL_LENGTH) return `/sign-in?callbackUrl=${encoded}`;
  }
  return '/sign-in';
}
