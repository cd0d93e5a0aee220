import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  FORM_BODY_LIMIT_BYTES,
  isDecodablePath,
  isNoReferrerPath,
  isOversizedFormPost,
  isPlainMultipartPost,
  isSameOriginRequest,
  isSignedInPath,
} from './security-headers';

const app = 'http://localhost:3000';

describe('same-origin check for posts and server actions', () => {
  it('accepts our own origin', () => {
    expect(isSameOriginRequest(new Headers({ origin: app, 'sec-fetch-site': 'same-origin' }), app, app)).toBe(true);
  });
  it('refuses another site, a missing or null Origin, and cross-site fetch metadata', () => {
    expect(isSameOriginRequest(new Headers({ origin: 'https://evil.example' }), app, app)).toBe(false);
    expect(isSameOriginRequest(new Headers({}), app, app)).toBe(false);
    expect(isSameOriginRequest(new Headers({ origin: 'null' }), app, app)).toBe(false);
    expect(isSameOriginRequest(new Headers({ origin: app, 'sec-fetch-site': 'cross-site' }), app, app)).toBe(false);
    expect(isSameOriginRequest(new Headers({ origin: app, 'sec-fetch-site': 'same-site' }), app, app)).toBe(false);
  });
  it('accepts Origin: null only on the no-referrer pages, and only from this same origin', () => {
    const opaque = { allowOpaqueOrigin: true };
    expect(isSameOriginRequest(new Headers({ origin: 'null', 'sec-fetch-site': 'same-origin' }), app, app, opaque)).toBe(true);
    expect(isSameOriginRequest(new Headers({ origin: 'null', 'sec-fetch-site': 'same-origin' }), app, app)).toBe(false);
    // A sandboxed frame or a data: page elsewhere also posts with Origin: null, but never as same-origin.
    expect(isSameOriginRequest(new Headers({ origin: 'null', 'sec-fetch-site': 'cross-site' }), app, app, opaque)).toBe(false);
    expect(isSameOriginRequest(new Headers({ origin: 'null' }), app, app, opaque)).toBe(false);
    expect(isNoReferrerPath('/reset-password/abc')).toBe(true);
    expect(isNoReferrerPath('/invite/abc')).toBe(true);
    expect(isNoReferrerPath('/settings/profile')).toBe(false);
    expect(isNoReferrerPath('/forgot-password')).toBe(false);
  });
});

describe('content security policy', () => {
  it('carries the nonce and the required directives, eval only in development', () => {
    const csp = contentSecurityPolicy('abc', false);
    for (const d of ["'nonce-abc'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) {
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
    expect(isPlainMultipartPost(new Headers({ 'content-type': 'multipart/form-data; boundary=x', 'next-action': 'a' }))).toBe(false);
    expect(isPlainMultipartPost(new Headers({ 'content-type': 'application/x-www-form-urlencoded' }))).toBe(false);
  });
});

