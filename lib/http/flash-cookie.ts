/** The cookie that carries a message across a redirect (see flash.ts); the proxy reads its name too. */
export const FLASH_COOKIE = 'roster.flash';

/**
 * The request header the proxy hands the message on in: it expires the cookie in the same answer,
 * and Next.js then hides the cookie from the page, so the page reads the message from here. The
 * proxy removes any such header a client sends.
 */
export const FLASH_HEADER = 'x-roster-flash';

/** A page load (not a prefetch) that carries the message: it is shown now, so it goes with this answer. */
export function consumesFlash(method: string, headers: Headers): boolean {
  if (method !== 'GET' || headers.has('next-router-prefetch')) return false;
  return /(?:^|;\s*)roster\.flash=/.test(headers.get('cookie') ?? '');
}
