import type { Page, Request } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { messagesIn, poll, signOut } from './support/account';
import { baseUrl, jsOn, newPage, screenshot, signedInPage, useBrowser, waitForPath } from './support/browser';
import { usePerson } from './support/fixtures';
import { mailTo } from './support/mail';

// Passkeys with Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain): add
// one, sign out, sign in with it, remove it. A replayed sign-in and a tampered origin are refused.
// Without JavaScript the pages say passkeys need it and the password path stays.

useBrowser();
const PIA = usePerson('Pia', 'Passkey');

const card = (page: Page) => page.getByRole('region', { name: 'Passkeys', exact: true });

async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** The sign-in page's call of the passkey action: what a replay sends again. */
function capturePasskeyPost(page: Page): () => Request | undefined {
  let captured: Request | undefined;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.headers()['next-action'] && request.postData()?.includes('"response"'))
      captured = request;
    if (
      request.method() === 'POST' &&
      request.headers()['next-action'] &&
      request.postData()?.includes('clientDataJSON')
    )
      captured = request;
  });
  return () => captured;
}

async function replay(request: Request, body = request.postData() ?? ''): Promise<{ text: string; cookie: string }> {
  const headers = request.headers();
  const response = await fetch(request.url(), {
    method: 'POST',
    headers: {
      'content-type': headers['content-type'],
      'next-action': headers['next-action'],
      origin: new URL(baseUrl).origin,
      accept: 'text/x-component',
    },
    body,
    redirect: 'manual',
  });
  return { text: await response.text(), cookie: response.headers.get('set-cookie') ?? '' };
}

describe.runIf(jsOn)('passkeys (virtual authenticator)', () => {
  test('add a passkey, sign in with it, and remove it; a replayed sign-in is refused', async () => {
    const { page } = await signedInPage(PIA);
    await addVirtualAuthenticator(page);
    await page.goto('/settings/security');
    await card(page).getByLabel('Passkey name').fill('Work laptop');
    await card(page).getByRole('button', { name: 'Add a passkey' }).click();
    await poll(() => messagesIn(card(page), 'status')).toContain('Passkey "Work laptop" added');
    await page.reload();
    expect(await card(page).innerText()).toContain('Work laptop');
    await card(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'security-passkeys');
    await poll(async () => (await mailTo(PIA.email)).some((m) => m.subject === 'A passkey was added')).toBe(true);

    // Signed out, the passkey alone signs Pia in: no email, no password.
    await signOut(page);
    const captured = capturePasskeyPost(page);
    await page.getByRole('button', { name: 'Sign in with a passkey', exact: true }).click();
    await waitForPath(page, '/settings/profile');
    const post = captured();
    expect(post, 'the sign-in posted its assertion').toBeDefined();

    // The same signed assertion again: its challenge is used up, so no session comes of it.
    const again = await replay(post!);
    expect(again.text).toContain('That passkey could not sign you in');
    expect(again.cookie).not.toMatch(/session/i);

    // Renamed, then removed with the password.
    await page.goto('/settings/security');
    const row = card(page).getByRole('listitem').filter({ hasText: 'Work laptop' });
    await row.getByLabel('New name for Work laptop').fill('Old laptop');
    await row.getByRole('button', { name: 'Rename Work laptop' }).click();
    await poll(() => messagesIn(card(page), 'status')).toContain('Passkey renamed to "Old laptop".');
    const renamed = card(page).getByRole('listitem').filter({ hasText: 'Old laptop' });
    await renamed.getByLabel('Password').fill(PIA.password);
    await renamed.getByRole('button', { name: 'Remove Old laptop' }).click();
    await poll(() => messagesIn(card(page), 'status')).toContain('Passkey "Old laptop" removed.');
    expect(await card(page).innerText()).toContain('No passkeys yet.');
    await poll(async () => (await mailTo(PIA.email)).some((m) => m.subject === 'A passkey was removed')).toBe(true);
  });

  test('an assertion whose origin was changed on the way is refused', async () => {
    const { page } = await signedInPage(PIA);
    await addVirtualAuthenticator(page);
    await page.goto('/settings/security');
    await card(page).getByLabel('Passkey name').fill('Phone');
    await card(page).getByRole('button', { name: 'Add a passkey' }).click();
    await poll(() => messagesIn(card(page), 'status')).toContain('Passkey "Phone" added');
    await signOut(page);

    // The browser signs for this origin; the post is rewritten to claim another one.
    await page.route('**/sign-in**', async (route) => {
      const request = route.request();
      const body = request.postData();
      if (request.method() !== 'POST' || !body?.includes('clientDataJSON')) return route.continue();
      const rewritten = body.replace(/"clientDataJSON":"([\w-]+)"/, (_all, data: string) => {
        const client = JSON.parse(Buffer.from(data, 'base64url').toString()) as { origin: string };
        client.origin = 'https://evil.example.test';
        return `"clientDataJSON":"${Buffer.from(JSON.stringify(client)).toString('base64url')}"`;
      });
      expect(rewritten, 'the assertion was rewritten').not.toBe(body);
      await route.continue({ postData: rewritten });
    });
    await page.getByRole('button', { name: 'Sign in with a passkey', exact: true }).click();
    await poll(() => messagesIn(page.locator('main'), 'alert')).toContain('That passkey could not sign you in');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});

describe.runIf(!jsOn)('passkeys without JavaScript', () => {
  test('the pages say passkeys need JavaScript, and the password still signs in', async () => {
    const { page } = await signedInPage(PIA);
    await page.goto('/settings/security');
    expect(await card(page).innerText()).toContain('Passkeys need JavaScript');
    expect(await card(page).getByRole('button', { name: 'Add a passkey' }).count()).toBe(0);
    await signOut(page);
    const fresh = await newPage();
    await fresh.page.goto('/sign-in');
    expect(await fresh.page.getByRole('button', { name: 'Sign in with a passkey' }).count()).toBe(0);
    expect(await fresh.page.locator('main').innerText()).toContain('Passkeys need JavaScript');
  });
});
