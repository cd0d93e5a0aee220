import { config } from '../config';

/**
 * `__Host-` needs Secure, which browsers accept on https and on localhost. On plain http to any
 * other host the prefix (and Secure) are dropped, or no browser would keep the cookie.
 */
export function sessionCookie(): { name: string; secure: boolean } {
  const url = new URL(config.appUrl);
  const secure = url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return { name: secure ? '__Host-roster.session' : 'roster.session', secure };
}

export function hasSessionCookie(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  return /(?:^|;\s*)(?:__Host-)?roster\.session(?:\.\d+)?=/.test(cookieHeader);
}
