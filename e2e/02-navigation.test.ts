import { describe, expect, test } from 'vitest';

import {
  headingOf,
  jsOn,
  openProfileMenu,
  OWNER,
  screenshot,
  signedInPage,
  useBrowser,
  waitForPath,
} from './support/browser';
import { useSetUp } from './support/fixtures';
import { SUPPORT_URL } from './support/server';

// Looks around as the owner, whom it only reads.
useBrowser();
useSetUp();

describe('profile menu', () => {
  test('shows the name and opens to the account links', async () => {
    const { page } = await signedInPage();
    const summary = page.locator('header details summary');
    expect(await summary.innerText()).toContain(`${OWNER.firstName} ${OWNER.lastName}`);

    const menu = await openProfileMenu(page);
    for (const name of ['Settings', 'Org settings', 'Help']) {
      expect(await menu.getByRole('link', { name, exact: true }).isVisible(), `link ${name}`).toBe(true);
    }
    expect(await menu.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);

    await menu.getByRole('link', { name: 'Org settings', exact: true }).click();
    await waitForPath(page, '/org-settings/users');
    await expect.poll(() => headingOf(page)).toBe('Users');
  });

  test('Escape closes the menu and gives the focus back to it (with JavaScript)', async () => {
    if (!jsOn) return;
    const { page } = await signedInPage();
    const menu = await openProfileMenu(page);
    await menu.getByRole('link', { name: 'Help', exact: true }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.getAttribute('open')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
  });

  test('Help opens the help page', async () => {
    const { page } = await signedInPage();
    const menu = await openProfileMenu(page);
    await menu.getByRole('link', { name: 'Help', exact: true }).click();
    await waitForPath(page, '/help');
    await expect.poll(() => headingOf(page)).toBe('Help');
    // Every section is built: none says "Coming soon" any more.
    const entry = (name: string) => page.locator('main dt').filter({ hasText: name });
    expect(await entry('Encryption key').innerText()).not.toContain('Coming soon');
    expect(await entry('Profile').innerText()).not.toContain('Coming soon');
    expect(await page.locator('main').innerText()).not.toContain('Coming soon');
    const support = page.locator('main').getByRole('link', { name: 'Tech support', exact: true });
    expect(await support.getAttribute('href')).toBe(SUPPORT_URL);
  });
});

describe('settings navigation', () => {
  test('/settings redirects to the profile', async () => {
    const { page } = await signedInPage();
    await page.goto('/settings');
    await waitForPath(page, '/settings/profile');
  });

  test('every section in the nav answers 200 with one visible h1', async () => {
    const { page } = await signedInPage();
    const nav = page.getByRole('navigation', { name: 'Settings', exact: true });
    // The narrow-screen disclosure repeats the list; the pathnames are what matters.
    const hrefs = [
      ...new Set(await nav.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))),
    ].filter((href) => href.startsWith('/settings/'));
    expect(hrefs.length).toBeGreaterThan(5);
    expect(hrefs).toContain('/settings/profile');
    // Every section is visited before failing, so one run names all the broken ones.
    const problems: string[] = [];
    for (const href of hrefs) {
      const response = await page.goto(href);
      const landed = new URL(page.url()).pathname;
      // React reveals streamed boundaries in batches, a moment after load; give it that moment.
      await page
        .locator('h1')
        .first()
        .waitFor({ state: 'visible', timeout: 5_000 })
        .catch(() => undefined);
      const mains = await page.locator('main').count();
      // headingOf describes a missing, doubled or hidden h1 in parentheses.
      const heading = await headingOf(page);
      if (response?.status() !== 200) problems.push(`${href}: status ${response?.status()}`);
      if (landed !== href) problems.push(`${href}: landed on ${landed}`);
      if (mains !== 1) problems.push(`${href}: ${mains} <main> elements`);
      if (/^\(.*\)$/.test(heading)) problems.push(`${href}: ${heading}`);
    }
    expect(problems).toEqual([]);
  });

  test('an owner finds the organization settings below the sections', async () => {
    const { page } = await signedInPage();
    const nav = page.getByRole('navigation', { name: 'Settings', exact: true });
    const link = nav.getByRole('link', { name: 'Organization settings', exact: true }).last();
    // The narrow-screen disclosure repeats the list: the wide one is the visible one here.
    await link.click();
    await waitForPath(page, '/org-settings/users');
    expect(await headingOf(page)).toBe('Users');
  });

  test('the navigation marks no section as not built yet', async () => {
    const { page } = await signedInPage();
    const nav = page.getByRole('navigation', { name: 'Settings', exact: true });
    expect(await nav.innerText()).not.toContain('Coming soon');
    expect(await nav.getByRole('link', { name: 'Encryption key', exact: true }).count()).toBeGreaterThan(0);
    expect(await nav.getByRole('link', { name: 'General', exact: true }).count()).toBeGreaterThan(0);
  });

  test('the last sections to arrive have pages of their own, marked in the navigation', async () => {
    const { page } = await signedInPage();
    for (const [path, heading] of [
      ['/settings/keys', 'Encryption key'],
      ['/settings/connections', 'Connections'],
      ['/settings/data', 'Your data'],
    ]) {
      await page.goto(path);
      await expect.poll(() => headingOf(page)).toBe(heading);
      expect(await page.locator('main').innerText()).not.toMatch(/coming soon/i);
      const current = page.getByRole('navigation', { name: 'Settings', exact: true }).locator('a[aria-current="page"]');
      expect(await current.first().getAttribute('href')).toBe(path);
    }
  });

  test('a nav link click moves between sections', async () => {
    const { page } = await signedInPage();
    await page
      .getByRole('navigation', { name: 'Settings', exact: true })
      .getByRole('link', { name: 'General', exact: true })
      .click();
    await waitForPath(page, '/settings/general');
    await expect.poll(() => headingOf(page)).toBe('General');
  });

  test('a page view asks the server for that page only: links do not prefetch the pages they name', async () => {
    const { page } = await signedInPage();
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/_next/static/') && !url.pathname.startsWith('/files/')) asked.push(url.pathname);
    });
    await page.goto('/settings/general', { waitUntil: 'networkidle' });
    expect(asked.filter((path) => path !== '/settings/general')).toEqual([]);
  });

  test('the scripts carry no ICU message parser: the messages come compiled (with JavaScript)', async () => {
    if (!jsOn) return;
    const { page } = await signedInPage();
    const scripts: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text().catch(() => ''));
    });
    await page.goto('/settings/profile', { waitUntil: 'networkidle' });
    const bodies = await Promise.all(scripts);
    // use-intl itself came (its error codes are in its formatter's chunk)…
    expect(bodies.some((body) => body.includes('INVALID_MESSAGE'))).toBe(true);
    // …but no parser: an error kind of @formatjs/icu-messageformat-parser, kept by name in any build.
    expect(bodies.filter((body) => body.includes('EXPECT_ARGUMENT_CLOSING_BRACE'))).toEqual([]);
  });

  test('the profile page fits a phone screen', async () => {
    const { page } = await signedInPage(OWNER, { width: 390, height: 844 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, 'horizontal scroll in px').toBeLessThanOrEqual(0);
    await screenshot(page, 'profile-mobile');
  });
});
