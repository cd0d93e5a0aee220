import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { formWith, freshTotp, messagesIn, poll, signOut, stepAt, submit, totpCode } from './support/account';
import { baseUrl, mode, newPage, screenshot, signedInPage, useBrowser, waitForPath } from './support/browser';
import { usePerson } from './support/fixtures';
import { mailTo } from './support/mail';
import { OIDC_NAME } from './support/oidc';

// A linked external account through a real OpenID provider on loopback (support/oidc.ts), with
// JavaScript on and off: link, sign out, sign in with the provider, unlink; an account linked to
// someone else is refused; two-factor still applies after the provider's sign-in.

useBrowser();
const LINA = usePerson('Lina', 'Linker');
const OTTO = usePerson('Otto', 'Other');
const MIRA = usePerson('Mira', 'Mfa');

const APP = new URL(baseUrl).origin;
/** The provider's `sub` (the username typed at its sign-in page); the mode keeps the servers apart. */
const LINA_SUB = `lina-${mode}`;

const card = (page: Page) => page.getByRole('region', { name: 'Linked account', exact: true });

/**
 * Clicks `button`, which leads to the provider, and signs in there when it asks (it remembers the
 * browser after the first time and sends it straight back); returns once the app has the answer.
 */
async function throughProvider(page: Page, button: string, username: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().startsWith(`${APP}/api/auth/callback/oidc`), {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: button, exact: true }).click();
  const login = page.getByLabel('Username');
  const first = await Promise.race([
    answered.then(() => 'back' as const),
    login.waitFor().then(
      () => 'login' as const,
      () => 'back' as const,
    ),
  ]);
  if (first === 'login') {
    await login.fill(username);
    await page.getByRole('button', { name: `Sign in at ${OIDC_NAME}` }).click();
  }
  await answered;
  await page.waitForURL((url) => url.origin === APP && !url.pathname.startsWith('/api/'));
}

async function linkAs(page: Page, username: string): Promise<void> {
  await page.goto('/settings/connections');
  await throughProvider(page, 'Link account', username);
  await waitForPath(page, '/settings/connections');
}

async function signInWithProvider(page: Page, username: string): Promise<void> {
  await page.goto('/sign-in');
  await throughProvider(page, `Sign in with ${OIDC_NAME}`, username);
}

describe('linked account (OpenID Connect)', () => {
  test('link, sign out, sign in with the provider, unlink', async () => {
    const { page } = await signedInPage(LINA);
    await page.goto('/settings/connections');
    expect(await card(page).innerText()).toContain(`No ${OIDC_NAME} account is linked.`);
    await screenshot(page, 'connections-unlinked');

    await linkAs(page, LINA_SUB);
    expect(await messagesIn(card(page), 'status')).toContain(`Your ${OIDC_NAME} account is linked`);
    expect(await card(page).innerText()).toContain(`Linked to ${LINA_SUB}@idp.test`);
    await screenshot(page, 'connections-linked');
    await poll(async () => (await mailTo(LINA.email)).some((m) => m.subject === 'An external account was linked')).toBe(
      true,
    );

    // Signed out, the provider signs Lina in (the provider remembers this browser by now).
    await signOut(page);
    await signInWithProvider(page, LINA_SUB);
    await waitForPath(page, '/settings/profile');
    expect(await page.getByLabel('First name', { exact: true }).inputValue()).toBe(LINA.firstName);
    await page.goto('/settings/connections');
    expect(await card(page).innerText()).toContain('Last used to sign in');

    await submit(page, card(page).getByRole('button', { name: 'Unlink' }));
    await waitForPath(page, '/settings/connections');
    await poll(() => messagesIn(card(page), 'status')).toContain(`Your ${OIDC_NAME} account was unlinked.`);
    await poll(async () =>
      (await mailTo(LINA.email)).some((m) => m.subject === 'An external account was unlinked'),
    ).toBe(true);

    // Unlinked, the same external account signs nobody in.
    await signOut(page);
    await signInWithProvider(page, LINA_SUB);
    await waitForPath(page, '/sign-in');
    expect(await messagesIn(page.locator('main'), 'alert')).toContain(
      `No Roster account is linked to this ${OIDC_NAME} account.`,
    );
  });

  test('an external account linked to someone else is refused, and nothing changes', async () => {
    const lina = await signedInPage(LINA);
    await linkAs(lina.page, `shared-${mode}`);
    expect(await messagesIn(card(lina.page), 'status')).toContain('is linked');

    const otto = await signedInPage(OTTO);
    await linkAs(otto.page, `shared-${mode}`);
    expect(await messagesIn(card(otto.page), 'alert')).toContain('already linked to someone else');
    expect(await card(otto.page).innerText()).toContain(`No ${OIDC_NAME} account is linked.`);

    await submit(lina.page, card(lina.page).getByRole('button', { name: 'Unlink' }));
    await waitForPath(lina.page, '/settings/connections');
  });

  test('two-factor authentication still applies after the provider signs someone in', async () => {
    const { page } = await signedInPage(MIRA);
    await page.goto('/settings/security');
    await submit(page, page.getByRole('button', { name: 'Set up two-factor authentication', exact: true }));
    const key = (await page.locator('[aria-label="Key for manual entry"]').innerText()).replace(/\s/g, '');
    const form = formWith(page, 'Enable two-factor authentication');
    const step = stepAt(Date.now());
    await form.getByLabel('Authentication code', { exact: true }).fill(totpCode(key, step));
    await form.getByLabel('Password', { exact: true }).fill(MIRA.password);
    await submit(page, form.getByRole('button', { name: 'Enable two-factor authentication' }));
    await page.getByRole('list', { name: 'Backup codes', exact: true }).waitFor();

    await linkAs(page, `mira-${mode}`);
    expect(await messagesIn(card(page), 'status')).toContain('is linked');
    await signOut(page);

    const fresh = await newPage();
    await signInWithProvider(fresh.page, `mira-${mode}`);
    await waitForPath(fresh.page, '/sign-in/mfa');
    const { code } = await freshTotp(key, step);
    await fresh.page.getByLabel('Authentication code', { exact: true }).fill(code);
    await fresh.page.getByRole('button', { name: 'Verify', exact: true }).click();
    await waitForPath(fresh.page, '/settings/profile');
  });

  test('next-auth routes other than the provider callback are not served', async () => {
    for (const path of [
      '/api/auth/session',
      '/api/auth/providers',
      '/api/auth/csrf',
      '/api/auth/callback/credentials',
    ]) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(404);
    }
    const post = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'sessionId=x',
    });
    expect(post.status).toBe(404);
  });
});
