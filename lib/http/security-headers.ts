/** Pure helpers for proxy.ts: the CSP, the same-origin rule and the signed-in routes. */

import { FORM_BODY_LIMIT_BYTES } from './form-body';
import { isSecretPath } from './secret-links';

/**
 * A fresh nonce for one response's scripts: 144 random bits as 24 base64 characters. It is written
 * into every script tag of the page and into its React payload, so it is kept no longer than it
 * needs to be.
 */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
}

/**
 * `formTargets`: origins a form may be sent on to besides our own, e.g. the OpenID provider that
 * "Sign in with …" redirects to (browsers apply `form-action` to a form post's redirects too).
 */
export function contentSecurityPolicy(nonce: string, dev: boolean, formTargets: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://utfs.io https://*.ufs.sh",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "media-src 'self' blob:",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    ["form-action 'self'", ...formTargets].join(' '),
  ].join('; ');
}

/** Pages whose URL holds a secret token: `Referrer-Policy: no-referrer`. */
export function isNoReferrerPath(pathname: string): boolean {
  return isSecretPath(pathname);
}

/** Names of this machine that a browser may use for a server started on it. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The origins a state-changing request may come from: the app's own address (APP_URL), where
 * its session cookie and the links in its mail live. When APP_URL is not set its default is a
 * guess, so the port the server listens on (`listenOrigin`, http://localhost:<port>) counts too.
 * In development the loopback names on those ports are one origin: whichever address `next dev`
 * prints, or a newcomer types, works.
 */
export function trustedOrigins({
  appOrigin,
  listenOrigin,
  appUrlSet,
  dev,
}: {
  appOrigin: string;
  listenOrigin: string;
  appUrlSet: boolean;
  dev: boolean;
}): string[] {
  const origins = new Set([appOrigin]);
  if (!appUrlSet || dev) origins.add(listenOrigin);
  if (dev) {
    for (const base of [appOrigin, listenOrigin]) {
      const url = new URL(base);
      if (!LOOPBACK_HOSTS.includes(url.hostname)) continue;
      for (const host of LOOPBACK_HOSTS) origins.add(`${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`);
    }
  }
  return [...origins];
}

/**
 * A state-changing browser request must come from our own pages: Sec-Fetch-Site, when sent, must
 * be same-origin, and Origin must be present and one of `trusted` (see trustedOrigins).
 * Under `Referrer-Policy: no-referrer` a browser sends `Origin: null` with its posts; on the
 * pages that use it (`allowOpaqueOrigin`) that is accepted only with `Sec-Fetch-Site:
 * same-origin`, which only the browser itself can set.
 */
export function isSameOriginRequest(
  headers: Headers,
  trusted: readonly string[],
  { allowOpaqueOrigin = false }: { allowOpaqueOrigin?: boolean } = {},
): boolean {
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.get('origin');
  if (origin === 'null') return allowOpaqueOrigin && site === 'same-origin';
  if (!origin) return false;
  return trusted.includes(origin);
}

/**
 * Next.js runs a server action only when the Origin's host equals the first X-Forwarded-Host
 * (else Host), and answers any other post with a 500. Once the proxy has accepted the origin,
 * that host is the one the browser used, whatever a reverse proxy in front wrote: this returns
 * the host to pass on as X-Forwarded-Host when the two differ, else null.
 */
export function forwardedHostForNext(headers: Headers): string | null {
  const origin = headers.get('origin');
  if (!origin || origin === 'null') return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return null;
  }
  const forwarded = headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const seen = forwarded || headers.get('host');
  return seen === originHost ? null : originHost;
}

export const SIGNED_IN_PREFIXES = ['/settings', '/org-settings', '/help', '/notifications'];

export function isSignedInPath(pathname: string): boolean {
  return SIGNED_IN_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export { FORM_BODY_LIMIT_BYTES };

/**
 * A browser form post (not a script's fetch, which carries `Next-Action`) whose declared body is
 * over the limit: a photo far above 5 MB picked without JavaScript.
 */
export function isOversizedFormPost(headers: Headers): boolean {
  if (headers.has('next-action')) return false;
  const length = Number(headers.get('content-length'));
  return Number.isFinite(length) && length > FORM_BODY_LIMIT_BYTES;
}

/** False for a path with broken percent-encoding (`%E0%A4%A`, `%%`). */
export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** A browser's own form post (multipart, no `Next-Action` header from a script). */
export function isPlainMultipartPost(headers: Headers): boolean {
  return (
    !headers.has('next-action') && (headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')
  );
}

/** The issuer's origin for `form-action`, or none when unset or not a URL. */
export function oidcIssuerOrigin(issuer: string | undefined): string[] {
  if (!issuer) return [];
  try {
    const { origin } = new URL(issuer);
    return origin === 'null' ? [] : [origin];
  } catch {
    return [];
  }
}
