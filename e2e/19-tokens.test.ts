import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { fieldErrors, formWith, messagesIn, poll, submit } from './support/account';
import { baseUrl, jsOn, screenshot, signedInPage, useBrowser } from './support/browser';
import { usePerson } from './support/fixtures';

// Personal API tokens: made with a name, scopes and an expiry; the secret is shown once, in the
// answer to the post, and never again; each token can be revoked with a plain form.
useBrowser();
const MAE = usePerson('Mae', 'Jemison');

const PAGE = '/settings/tokens';
const SECRET = /^rst_[A-Za-z0-9_-]{43}$/;

const tokenList = (page: Page) => page.getByRole('list', { name: 'Your tokens', exact: true });
const tokensCard = (page: Page) => page.getByRole('region', { name: 'Your tokens', exact: true });
const secretShown = (page: Page) => page.locator('#new-token-secret');

/** What another application gets when it calls the API with `secret`. */
async function callMe(secret: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
  return { status: response.status, body: await response.json() };
}

async function createToken(page: Page, name: string, scopes: string[], expires = 'In 30 days'): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(name);
  for (const scope of scopes) await page.getByLabel(scope, { exact: true }).check();
  await page.getByLabel('Expires', { exact: true }).selectOption({ label: expires });
  await submit(page, page.getByRole('button', { name: 'Create token', exact: true }));
}

describe('API tokens', () => {
  test('creates a token, shows its secret once, lists it and revokes it', async () => {
    const { page } = await signedInPage(MAE);
    await page.goto(PAGE);
    // A member holds neither users.read nor pin.verify: those boxes are greyed out with the reason.
    expect(await page.getByLabel('users:read', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('pin:verify', { exact: true }).isDisabled()).toBe(true);
    expect(await page.locator('[id="scope-users-read-hint"]').innerText()).toContain('needs the permission');
    expect(await page.getByLabel('profile:read', { exact: true }).isDisabled()).toBe(false);

    const name = `Dispatch ${jsOn ? 'js' : 'nojs'}`;
    await createToken(page, name, ['profile:read', 'availability:read']);
    const form = formWith(page, 'Create token');
    await poll(() => messagesIn(form, 'status')).toContain(`Token “${name}” created. Copy it now`);
    await poll(() => secretShown(page).count()).toBe(1);
    const secret = (await secretShown(page).innerText()).trim();
    expect(secret).toMatch(SECRET);
    // Copying needs JavaScript; without it the text is there to select.
    await poll(() => page.getByRole('button', { name: 'Copy token', exact: true }).count()).toBe(jsOn ? 1 : 0);
    await screenshot(page, 'tokens-created');

    const row = tokenList(page).getByRole('listitem').filter({ hasText: name });
    await poll(() => row.count()).toBe(1);
    const rowText = await row.innerText();
    expect(rowText).toContain('profile:read');
    expect(rowText).toContain('availability:read');
    expect(rowText).toContain(secret.slice(0, 8));
    expect(rowText).not.toContain(secret);
    expect(rowText).toContain('Never');

    // Another application calls the API with it.
    const me = await callMe(secret);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { email: MAE.email } });

    // Never again: not after a reload, not anywhere in the page.
    await page.goto(PAGE);
    expect(await secretShown(page).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(await row.count()).toBe(1);

    await submit(page, row.getByRole('button', { name: `Revoke the token “${name}”`, exact: true }));
    await poll(() => messagesIn(tokensCard(page), 'status')).toContain(`Token “${name}” revoked.`);
    await poll(() => tokenList(page).getByRole('listitem').filter({ hasText: name }).count()).toBe(0);
    await page.goto(PAGE);
    expect(await tokensCard(page).innerText()).not.toContain(name);

    // Revoked: the same call is refused at once.
    const after = await callMe(secret);
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  test('refuses an expiry later than the organization allows, with the field error', async () => {
    const { page } = await signedInPage(MAE);
    await page.goto(PAGE);
    const later = `${new Date().getUTCFullYear() + 3}-01-15`;
    await page.getByLabel('Name', { exact: true }).fill('Too long');
    await page.getByLabel('profile:read', { exact: true }).check();
    await page.getByLabel('Expires', { exact: true }).selectOption({ label: 'On a date' });
    await page.getByLabel('Expiry date', { exact: true }).fill(later);
    await submit(page, page.getByRole('button', { name: 'Create token', exact: true }));
    await poll(() => fieldErrors(page, 'token-expires-on')).toMatch(/allows at most 365 days/);
    expect(await secretShown(page).count()).toBe(0);
    // What was typed stays, ready to correct.
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Too long');
    expect(await tokensCard(page).innerText()).not.toContain('Too long');
  });

  test.runIf(jsOn)('answers a path that is not valid percent-encoding with a JSON 400, never a 500', async () => {
    for (const path of ['/api/v1/users/%ZZ', '/api/v1/me%', '/api/v1/users/%E0%A4%A/availability']) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type'), path).toContain('application/json');
      expect(await response.json()).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
    }
  });
});
