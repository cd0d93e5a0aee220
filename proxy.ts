import { NextResponse, type NextRequest } from 'next/server';

import { hasSessionCookie } from '@/lib/auth/cookies';
import { consumesFlash, FLASH_COOKIE, FLASH_HEADER } from '@/lib/http/flash-cookie';
import { actionBodyKind, checkMultipartBody, checkTextCall, FORM_BODY_LIMIT_BYTES } from '@/lib/http/form-body';
import { BAD_REQUEST_MESSAGE, TOO_LARGE_MESSAGE, wrongOriginPage, wrongOriginText } from '@/lib/http/refusals';
import {
  contentSecurityPolicy,
  forwardedHostForNext,
  isDecodablePath,
  isNoReferrerPath,
  isOversizedFormPost,
  isPlainMultipartPost,
  isSameOriginRequest,
  isSignedInPath,
  newNonce,
  oidcIssuerOrigin,
  trustedOrigins,
} from '@/lib/http/security-headers';
import { signInPath } from '@/lib/http/sign-in-redirect';

const appOrigin = new URL(process.env.APP_URL || 'http://localhost:3000').origin;
const secureApp = appOrigin.startsWith('https://');
const dev = process.env.NODE_ENV === 'development';
/** "Sign in with …" and "Link account" post a form that the app redirects to the OpenID provider. */
const formTargets = oidcIssuerOrigin(process.env.OIDC_ISSUER);
/**
 * Route handlers that take a large file in a plain form post and read the body themselves within
 * their own limit (the user import: 50 MB). The 8 MB checks of server-action bodies are not theirs.
 */
const UPLOAD_ROUTES = ['/org-settings/users/import/upload'];

// The answers below are plain text: a script's server-action call shows a text/plain error
// answer's body as its error message.
function textAnswer(status: number, text: string): NextResponse {
  return new NextResponse(text, {
    status,
    headers: { 'content-type': 'text/plain', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  });
}

const badRequest = () => textAnswer(400, BAD_REQUEST_MESSAGE);
// The token API answers every error as JSON, this one included (lib/api/errors.ts has the shape).
const apiBadPath = () =>
  NextResponse.json(
    { error: { code: 'bad_request', message: 'The path is not valid percent-encoding.' } },
    { status: 400, headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } },
  );
const tooLarge = () => textAnswer(413, TOO_LARGE_MESSAGE);

/**
 * A post from a page that is not ours: a page naming the app's address, like the other signed-out
 * pages and in the browser's language, or one sentence for a script.
 */
function wrongOrigin(request: NextRequest, fetchAction: boolean): NextResponse {
  const acceptLanguage = request.headers.get('accept-language');
  if (fetchAction) return textAnswer(403, wrongOriginText(appOrigin, acceptLanguage));
  // Names and links APP_URL's address only: never the Host the request came with.
  const html = wrongOriginPage({
    appOrigin,
    pathname: request.nextUrl.pathname,
    origin: request.headers.get('origin'),
    acceptLanguage,
  });
  return new NextResponse(html, {
    status: 403,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      vary: 'accept-language',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  });
}

/**
 * A plain form post (no JavaScript, which checks the size before sending) over the body limit
 * goes back to its page, which says why; Next would refuse it with an error page.
 */
function backToFormTooLarge(request: NextRequest): NextResponse {
  const back = request.nextUrl.clone();
  back.search = '?tooLarge=1';
  return NextResponse.redirect(back, 303);
}

/**
 * Headers, the cross-site check for every form post and server action, and a redirect for
 * visitors without a session cookie. Pages and actions still check the session themselves.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // A path that is not valid percent-encoding names no page; Next would fail on it with a 500.
  if (!isDecodablePath(pathname)) return pathname.startsWith('/api/v1/') ? apiBadPath() : badRequest();
  // Stored images set their own headers (immutable caching, a sandboxing CSP), and so does the
  // token API (JSON, no-store, nosniff), which has no pages, cookies or forms for the rest to guard.
  if (pathname.startsWith('/files/') || pathname.startsWith('/api/v1/')) return NextResponse.next();
  const method = request.method.toUpperCase();
  const unsafe = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
  // Token-authenticated API calls are not browser form posts; they carry no cookies we honour.
  const isTokenApi = pathname.startsWith('/api/');
  const noReferrer = isNoReferrerPath(pathname);
  // A script's call of a server action (React sets the header); Next.js decodes its body itself.
  const fetchAction = method === 'POST' && request.headers.has('next-action');
  if (unsafe && !isTokenApi) {
    const trusted = trustedOrigins({
      appOrigin,
      listenOrigin: request.nextUrl.origin,
      appUrlSet: Boolean(process.env.APP_URL),
      dev,
    });
    // "Sign out" is a plain form post too, and a page reached from a secret link (by the client's
    // router, which keeps that document's no-referrer policy) posts it with Origin: null.
    const opaqueAllowed = noReferrer || pathname === '/sign-out';
    if (!isSameOriginRequest(request.headers, trusted, { allowOpaqueOrigin: opaqueAllowed }))
      return wrongOrigin(request, fetchAction);
  }
  if (unsafe && !isTokenApi && fetchAction) {
    // React calls an action from a form with multipart form data, or with JSON text when the
    // action uses no form data (a sign-out button); any other body (JSON, urlencoded, none) is a
    // script's, and Next.js answers an undecodable one with a 500. The body is read once more here,
    // within the limit (the proxy gets its own copy; the page is handed the one Next.js buffered).
    const contentType = request.headers.get('content-type');
    const kind = actionBodyKind(contentType);
    if (!kind) return badRequest();
    if (Number(request.headers.get('content-length')) > FORM_BODY_LIMIT_BYTES) return tooLarge();
    const verdict =
      kind === 'text'
        ? await checkTextCall(request.body, request.headers.get('next-action') ?? '')
        : await checkMultipartBody(request.body, contentType!, { fetchAction: true });
    if (verdict === 'too-large') return tooLarge();
    if (verdict === 'malformed') return badRequest();
  } else if (unsafe && !isTokenApi && UPLOAD_ROUTES.includes(pathname)) {
    // The origin was checked above; the route refuses a body over its limit itself.
  } else if (unsafe && !isTokenApi && isOversizedFormPost(request.headers)) {
    return backToFormTooLarge(request);
  } else if (unsafe && !isTokenApi && isPlainMultipartPost(request.headers)) {
    // A form post without JavaScript: Next parses it after this and answers a malformed body, or
    // one over the limit without a Content-Length, with a 500. Browsers never send either, so
    // reading a copy here costs little and refuses them.
    const verdict = await checkMultipartBody(request.body, request.headers.get('content-type')!, {
      fetchAction: false,
    });
    if (verdict === 'too-large') return backToFormTooLarge(request);
    if (verdict === 'malformed') return badRequest();
  }

  if (!unsafe && isSignedInPath(pathname) && !hasSessionCookie(request.headers.get('cookie'))) {
    // Same origin as the request, so Next sends it on as a relative Location; never cached. A
    // huge URL is not copied into it (signInPath drops what does not fit).
    const [signInPathname, signInSearch = ''] = signInPath(pathname, search).split('?');
    const target = request.nextUrl.clone();
    target.pathname = signInPathname;
    target.search = signInSearch ? `?${signInSearch}` : '';
    const response = NextResponse.redirect(target, 307);
    response.headers.set('cache-control', 'private, no-store');
    return response;
  }

  const nonce = newNonce();
  const requestId = crypto.randomUUID();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production', formTargets);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('x-request-id', requestId);
  requestHeaders.set('x-roster-path', pathname);
  requestHeaders.set('content-security-policy', csp);
  if (unsafe && !isTokenApi) {
    // The origin is ours (checked above); tell Next.js the host the browser used, or its own
    // origin check fails behind a reverse proxy that rewrites Host (a 500 on every action).
    const host = forwardedHostForNext(request.headers);
    if (host) requestHeaders.set('x-forwarded-host', host);
  }

  // The message after a redirect is read once: handed to the page in a header, forgotten by the browser.
  requestHeaders.delete(FLASH_HEADER);
  const flash = consumesFlash(method, request.headers) ? request.cookies.get(FLASH_COOKIE)?.value : undefined;
  if (flash) requestHeaders.set(FLASH_HEADER, flash);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (flash) response.cookies.set(FLASH_COOKIE, '', { path: pathname, maxAge: 0 });
  response.headers.set('content-security-policy', csp);
  response.headers.set('x-request-id', requestId);
  response.headers.set('x-content-type-options', 'nosniff');
  // Pages whose URL holds a secret token send it nowhere, not even to this site's own assets.
  response.headers.set('referrer-policy', noReferrer ? 'no-referrer' : 'strict-origin-when-cross-origin');
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('permissions-policy', 'camera=(), geolocation=(), microphone=(self)');
  if (secureApp || request.nextUrl.protocol === 'https:') {
    response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  }
  if (isSignedInPath(pathname) || pathname.startsWith('/dev/') || pathname.startsWith('/sign-in')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  return response;
}

export const config = {
  // The token API's paths skip the proxy (it has nothing to add to them, and its busiest list is
  // measured per request): all but those with a percent sign, which come here for the check of
  // their encoding above.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|api/v1/[^%]*$).*)'],
};
