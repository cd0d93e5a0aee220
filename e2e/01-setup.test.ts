import { describe, expect, test } from 'vitest';

import { headingOf, jsOn, newPage, OWNER, screenshot, useBrowser, waitForPath } from './support/browser';
import { submitSetup } from './support/fixtures';

// Runs first in each project (the sequencer in vitest.e2e.config.ts sees to it): the server
// starts with an empty data dir, so setup is still open. Every other spec sets the instance up
// itself when this one did not run (support/fixtures.ts), with the same owner and organization.
useBrowser();

describe('first run', () => {
  test('/ and /sign-in send a fresh install to /setup', async () => {
    const { page } = await newPage();
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/setup');
    await page.goto('/sign-in');
    expect(new URL(page.url()).pathname).toBe('/setup');
    await expect.poll(() => headingOf(page)).toBe('Set up Roster');
    await screenshot(page, 'setup');
  });

  test('bad input shows field errors and creates nothing', async () => {
    const { page } = await newPage();
    const posts: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST') posts.push(req.url());
    });
    await page.goto('/setup');
    await page.getByLabel('First name', { exact: true }).fill(OWNER.firstName);
    await page.getByLabel('Last name', { exact: true }).fill(OWNER.lastName);
    await page.getByLabel('Email', { exact: true }).fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create organization' }).click();

    const passwordErrors = page.locator('#password-error');
    await passwordErrors.waitFor();
    expect(await passwordErrors.innerText()).toContain('Use at least 8 characters.');
    const password = page.getByLabel('Password', { exact: true });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toContain('password-error');
    // The wording of the required-field message is not part of the contract; that it is shown is.
    expect((await page.locator('#orgName-error').innerText()).trim()).not.toBe('');
    expect(await page.getByLabel('Organization name', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    if (jsOn) {
      // The same schema runs in the browser: nothing reached the server.
      expect(posts).toEqual([]);
    } else {
      expect(await page.getByRole('main').getByRole('alert').innerText()).toContain('Check the highlighted fields.');
      // What was typed comes back, except the secrets.
      expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(OWNER.email);
    }
    expect(new URL(page.url()).pathname).toBe('/setup');
    await screenshot(page, 'setup-errors');

    // Still not set up: a second visit gets the form again, not a 404.
    const again = await page.goto('/setup');
    expect(again?.status()).toBe(200);
  });

  test('setup creates the organization and signs the owner in', async () => {
    const { page } = await newPage();
    // The same form the other specs' fixture sends when they run without this one.
    await submitSetup(page);

    await waitForPath(page, '/settings/profile');
    expect(await page.locator('main').count()).toBe(1);
    await expect.poll(() => headingOf(page)).toBe('Profile');
    // innerText skips what is not rendered, so this fails on a loading skeleton that never left.
    expect(await page.locator('main').innerText()).toContain(OWNER.email);
    await screenshot(page, 'profile');
  });

  test('/setup answers 404 once an organization exists', async () => {
    const t = await newPage();
    t.expect404();
    const response = await t.page.goto('/setup');
    expect(response?.status()).toBe(404);
  });
});
