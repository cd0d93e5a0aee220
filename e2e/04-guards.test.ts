import { describe, expect, test } from 'vitest';

import { baseUrl, newPage, useBrowser, waitForPath } from './support/browser';
import { useSetUp } from './support/fixtures';

// Set up first: before that, every page leads to /setup.
useBrowser();
useSetUp();

describe('guards', () => {
  test('a signed-out visitor to the org settings is sent to sign in', async () => {
    const { page } = await newPage();
    const response = await page.goto('/org-settings/users');
    expect(response?.status(), 'status after the redirect').toBe(200);
    const url = await waitForPath(page, '/sign-in');
    expect(url.searchParams.get('callbackUrl')).toBe('/org-settings/users');
  });

  test('a cross-site form post is refused', async () => {
    const res = await fetch(`${baseUrl}/sign-in`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
  });

  test('a post without any Origin is refused too', async () => {
    const res = await fetch(`${baseUrl}/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
  });
});

describe('security headers', () => {
  test('/sign-in sends a strict policy', async () => {
    const res = await fetch(`${baseUrl}/sign-in`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "'nonce-",
    ]) {
      expect(csp, directive).toContain(directive);
    }
    expect(csp).not.toContain("'unsafe-eval'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBeTruthy();
    expect(res.headers.get('cache-control')).toContain('no-store');
  });

  test('the page scripts carry the nonce from the header', async () => {
    const res = await fetch(`${baseUrl}/sign-in`, { redirect: 'manual' });
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce).toBeTruthy();
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
  });
});

describe('health', () => {
  test('GET /api/health answers ok', async () => {
    const res = await fetch(`${baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
