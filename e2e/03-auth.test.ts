import { describe, expect, test } from 'vitest';

import {
  headingOf,
  newPage,
  openProfileMenu,
  OWNER,
  screenshot,
  signedInPage,
  signIn,
  textOf,
  useBrowser,
  waitForPath,
} from './support/browser';
import { useSetUp } from './support/fixtures';

// Signs the owner in and out; a wrong password leaves nothing behind once the right one is given.
useBrowser();
useSetUp();

const SESSION_COOKIE = '__Host-roster.session';

describe('sign out', () => {
  test('ends the session and protects the settings again', async () => {
    const { page, context } = await signedInPage();
    const menu = await openProfileMenu(page);
    await menu.getByRole('button', { name: 'Sign out' }).click();

    await waitForPath(page, '/sign-in');
    await expect.poll(() => textOf(page, 'main [role="status"]')).toContain('You have been signed out.');
    expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);

    const response = await page.goto('/settings/profile');
    expect(response?.status(), 'status after the redirect').toBe(200);
    const url = await waitForPath(page, '/sign-in');
    expect(url.searchParams.get('callbackUrl')).toBe('/settings/profile');
  });
});

describe('sign in', () => {
  test('the skip link leads to the form', async () => {
    const { page } = await newPage();
    await page.goto('/sign-in');
    const skip = page.getByRole('link', { name: 'Skip to content', exact: true });
    expect(await skip.getAttribute('href')).toBe('#content');
    expect(await page.locator('#content').count()).toBe(1);
    expect(await page.locator('#content').getByLabel('Email', { exact: true }).count()).toBe(1);
  });

  test('a wrong password is refused and the email stays filled in', async () => {
    const { page, context } = await newPage();
    await page.goto('/sign-in');
    await screenshot(page, 'sign-in');
    await signIn(page, OWNER.email, 'Not-the-Passw0rd!');

    // Scoped to main: Next's route announcer is an alert too.
    const alert = page.getByRole('main').getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('The email or password is not correct.');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(OWNER.email);
    expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);
    await screenshot(page, 'sign-in-wrong-password');
  });

  test('the right password opens the profile with a locked-down session cookie', async () => {
    const { page, context } = await newPage();
    await signIn(page);
    await waitForPath(page, '/settings/profile');
    await expect.poll(() => headingOf(page)).toBe('Profile');

    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(cookie, `cookie ${SESSION_COOKIE}`).toBeDefined();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: true });
    // A __Host- cookie is bound to the exact host: no Domain attribute, so no leading dot.
    expect(cookie?.domain).toBe('localhost');
  });

  test('a callbackUrl is honoured after sign-in', async () => {
    const { page } = await newPage();
    await signIn(page, OWNER.email, OWNER.password, '/sign-in?callbackUrl=%2Fsettings%2Fgeneral');
    await waitForPath(page, '/settings/general');
    await expect.poll(() => headingOf(page)).toBe('General');
  });

  test('a callbackUrl to another site is ignored', async () => {
    const { page } = await newPage();
    await signIn(page, OWNER.email, OWNER.password, '/sign-in?callbackUrl=https%3A%2F%2Fevil.example%2F');
    const url = await waitForPath(page, '/settings/profile');
    expect(url.origin).toBe(new URL(page.url()).origin);
  });

  test('a signed-in visitor to /sign-in goes straight to the settings', async () => {
    const { page } = await signedInPage();
    await page.goto('/sign-in');
    await waitForPath(page, '/settings/profile');
  });
});
