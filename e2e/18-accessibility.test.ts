import { describe, expect, test } from 'vitest';

import { ACCOUNT_SECTIONS, ORG_SECTIONS } from '@/lib/settings/sections';

import { newPage, signedInPage, useBrowser } from './support/browser';
import { useSetUp } from './support/fixtures';

// Every spec runs axe-core on each page it opens (support/a11y.ts), mostly in the light theme.
// This one opens every page of the app once more with the browser preferring dark (the theme
// "System"), signed out and as the owner, so both themes of each page are checked.
useBrowser();
useSetUp();

const SIGNED_OUT = ['/sign-in', '/forgot-password'];

const SIGNED_IN = [
  ...ACCOUNT_SECTIONS.map((s) => `/settings/${s.slug}`),
  '/settings/profile/photo',
  '/help',
  ...ORG_SECTIONS.map((s) => `/org-settings/${s.slug}`),
  '/org-settings/users/new',
  '/org-settings/users?status=invited',
  '/org-settings/groups/new',
  '/org-settings/roles/new',
  '/org-settings/roles/assignments',
  '/org-settings/roles/check',
];

describe('every page in the dark theme', () => {
  test('signed-out pages', async () => {
    const { page } = await newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const path of SIGNED_OUT) {
      await page.goto(path);
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toContain('dark');
    }
  });

  test('settings and organization settings, as the owner', async () => {
    const { page } = await signedInPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const path of SIGNED_IN) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
    }
    // A person's page, reached from the list.
    await page.goto('/org-settings/users');
    await page.locator('main table a').first().click();
    await page.waitForURL((url) => /^\/org-settings\/users\/[0-9a-f-]{36}$/.test(url.pathname));
  });
});
