import { describe, expect, it } from 'vitest';

import {
  contentSecurityPolicy,
  FORM_BODY_LIMIT_BYTES,
  forwardedHostForNext,
  isDecodablePath,
  isNoReferrerPath,
  isOversizedFormPost,
  isPlainMultipartPost,
  isSameOriginRequest,
  isSignedInPath,
  newNonce,
  trustedOrigins,
} from './security-headers';

const app = 'http://localhost:3000';
const trusted = [app];

describe('same-origin check for posts and server actions', () => {
  it('accepts our own origin', () => {
    expect(isSameOriginRequest(new Headers({ origin: app, 'sec-fetch-site': 'same-origin' }), trusted)).toBe(true);
  });
  it('refuses another site, a missing or null Origin, and cross-site fetch metadata', () => {
    expect(isSameOriginRequest(new Headers({ origin: 'https://evil.example' }), trusted)).toBe(false);
    expect(isSameOriginRequest(new Headers({}), trusted)).toBe(false);
    expect(isSameOriginRequest(new Headers({ origin: 'null' }), trusted)).toBe(false);
    expect(isSameOriginRequest(new Headers({ origin: app, 'sec-fetch-site': 'cross-site' }), trusted)).toBe(false);
    expect(isSameOriginRequest(new Headers({ origin: app, 'sec-fetch-site': 'same-site' }), trusted)).toBe(false);
  });
  it('accepts Origin: null only on the no-referrer pages, and only from this same origin', () => {
    const opaque = { allowOpaqueOrigin: true };
    expect(isSameOriginRequest(new Headers({ origin: 'null', 'sec-fetch-site': 'same-origin' }), trusted, opaque)).toBe(
      true,
    );
    expect(isSameOriginRequest(new Headers({ origin: 'null', 'sec-fetch-site': 'same-origin' }), trusted)).toBe(false);
    // A sandboxed frame or a data: page elsewhere also posts with Origin: null, but never as same-origin.
    expect(isSameOriginRequest(new Headers({ origin: 'null', 'sec-fetch-site': 'cross-site' }), trusted, opaque)).toBe(
      false,
    );
    expect(isSameOriginRequest(new Headers({ origin: 'null' }), trusted, opaque)).toBe(false);
    expect(isNoReferrerPath('/reset-password/abc')).toBe(true);
    expect(isNoReferrerPath('/invite/abc')).toBe(true);
    expect(isNoReferrerPath('/settings/profile')).toBe(false);
    expect(isNoReferrerPath('/forgot-password')).toBe(false);
  });
});

describe('trusted origins', () => {
  const listenOrigin = 'http://localhost:3000';
  it('are the app address alone in production when APP_URL is set', () => {
    expect(trustedOrigins({ appOrigin: 'http://127.0.0.1:3000', listenOrigin, appUrlSet: true, dev: false })).toEqual([
      'http://127.0.0.1:3000',
    ]);
    expect(
      trustedOrigins({ appOrigin: 'https://roster.example.com', listenOrigin, appUrlSet: true, dev: false }),
    ).toEqual(['https://roster.example.com']);
  });
  it('include the port the server listens on when APP_URL is only the default', () => {
    expect(
      trustedOrigins({
        appOrigin: 'http://localhost:3000',
        listenOrigin: 'http://localhost:4000',
        appUrlSet: false,
        dev: false,
      }),
    ).toEqual(['http://localhost:3000', 'http://localhost:4000']);
  });
  it('make localhost, 127.0.0.1 and [::1] one origin on the app port in development only', () => {
    const origins = trustedOrigins({ appOrigin: 'http://localhost:3000', listenOrigin, appUrlSet: false, dev: true });
    expect(origins.sort()).toEqual(['http://127.0.0.1:3000', 'http://[::1]:3000', 'http://localhost:3000']);
    for (const origin of origins) {
      expect(isSameOriginRequest(new Headers({ origin, 'sec-fetch-site': 'same-origin' }), origins)).toBe(true);
    }
    // Another port, or any other name for this machine, is still another origin.
    expect(origins).not.toContain('http://127.0.0.1:3001');
    expect(
      trustedOrigins({ appOrigin: 'https://roster.example.com', listenOrigin, appUrlSet: true, dev: true }).sort(),
    ).toEqual(['http://127.0.0.1:3000', 'http://[::1]:3000', 'http://localhost:3000', 'https://roster.example.com']);
  });
});

describe('the host Next.js compares the origin with', () => {
  it('is left alone when it already matches the origin', () => {
    expect(forwardedHostForNext(new Headers({ origin: app, host: 'localhost:3000' }))).toBeNull();
    expect(
      forwardedHostForNext(
        new Headers({
          origin: 'https://roster.example.com',
          host: '127.0.0.1:3000',
          'x-forwarded-host': 'roster.example.com',
        }),
      ),
    ).toBeNull();
    expect(forwardedHostForNext(new Headers({ origin: 'null', host: 'localhost:3000' }))).toBeNull();
    expect(forwardedHostForNext(new Headers({ host: 'localhost:3000' }))).toBeNull();
  });
  it('is the origin host when a reverse proxy rewrote Host or sent another X-Forwarded-Host', () => {
    expect(forwardedHostForNext(new Headers({ origin: 'https://roster.example.com', host: '127.0.0.1:3000' }))).toBe(
      'roster.example.com',
    );
    expect(
      forwardedHostForNext(
        new Headers({ origin: app, host: 'localhost:3000', 'x-forwarded-host': 'other.example, localhost:3000' }),
      ),
    ).toBe('localhost:3000');
  });
});

describe('content security policy', () => {
  it('makes a new nonce of 24 base64 characters each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });

  it('carries the nonce and the required directives, eval only in development', () => {
    const csp = contentSecurityPolicy('abc', false);
    for (const d of [
      "'nonce-abc'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(d);
    }
    expect(csp).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy('abc', true)).toContain('unsafe-eval');
  });
});

describe('signed-in paths', () => {
  it('covers settings, org settings and help only', () => {
    expect(isSignedInPath('/settings/profile')).toBe(true);
    expect(isSignedInPath('/org-settings')).toBe(true);
    expect(isSignedInPath('/settingsx')).toBe(false);
    expect(isSignedInPath('/sign-in')).toBe(false);
  });
});

describe('oversized form posts', () => {
  it('are plain form posts declaring more than the body limit', () => {
    const over = String(FORM_BODY_LIMIT_BYTES + 1);
    expect(isOversizedFormPost(new Headers({ 'content-length': over }))).toBe(true);
    expect(isOversizedFormPost(new Headers({ 'content-length': String(FORM_BODY_LIMIT_BYTES) }))).toBe(false);
    expect(isOversizedFormPost(new Headers({}))).toBe(false);
    // A script's server-action call handles its own errors.
    expect(isOversizedFormPost(new Headers({ 'content-length': over, 'next-action': 'abc' }))).toBe(false);
  });
});

describe('requests refused before Next sees them', () => {
  it('a path with broken percent-encoding', () => {
    expect(isDecodablePath('/org-settings/users/%E0%A4%A')).toBe(false);
    expect(isDecodablePath('/reset-password/%%%')).toBe(false);
    expect(isDecodablePath('/org-settings/users/caf%C3%A9')).toBe(true);
  });
  it('checks the body of plain multipart form posts only', () => {
    expect(isPlainMultipartPost(new Headers({ 'content-type': 'multipart/form-data; boundary=x' }))).toBe(true);
    expect(
      isPlainMultipartPost(new Headers({ 'content-type': 'multipart/form-data; boundary=x', 'next-action': 'a' })),
    ).toBe(false);
    expect(isPlainMultipartPost(new Headers({ 'content-type': 'application/x-www-form-urlencoded' }))).toBe(false);
  });
});
