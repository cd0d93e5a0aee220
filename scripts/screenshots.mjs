/**
 * Screenshots of the main pages for a look before a change lands: a production server (`npm run
 * build` first) on a fresh embedded database, set up through /setup, a few people invited, then
 * every page below in light and dark, at desktop and phone width, as PNGs in SHOTS_DIR (default
 * ./e2e/screenshots/pages).
 *
 *   npm run build && node scripts/screenshots.mjs
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, chromiumPath } from '../bench/lib/chromium.mjs';
import { benchAccount, completeSetup, repoRoot, startServer } from '../bench/lib/server.mjs';

const PAGES = [
  '/settings/profile',
  '/settings/availability',
  '/settings/general',
  '/settings/regional',
  '/settings/security',
  '/settings/profile/photo',
  '/settings/approvals',
  '/settings/tokens',
  '/org-settings/users',
  '/org-settings/users?status=invited',
  '/org-settings/users/new',
  '/org-settings/invite-policy',
  '/org-settings/groups',
  '/org-settings/roles',
  '/org-settings/roles/assignments',
  '/org-settings/roles/check',
  '/org-settings/security',
  '/org-settings/notifications',
  '/org-settings/audit-log',
  '/dev/mailbox',
];
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const dir = process.env.SHOTS_DIR || path.join(repoRoot, 'e2e', 'screenshots', 'pages');
mkdirSync(dir, { recursive: true });

const server = await startServer();
const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
try {
  await completeSetup(server);
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email', { exact: true }).fill(benchAccount.email);
  await page.getByLabel('Password', { exact: true }).fill(benchAccount.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/settings/profile');
  for (const [first, last] of [
    ['Grace', 'Hopper'],
    ['Alan', 'Turing'],
    ['Katherine', 'Johnson'],
  ]) {
    await page.goto('/org-settings/users/new');
    await page.getByLabel('Email', { exact: true }).fill(`${first.toLowerCase()}@perf.test`);
    await page.getByLabel('First name', { exact: true }).fill(first);
    await page.getByLabel('Last name', { exact: true }).fill(last);
    await page.getByRole('button', { name: 'Invite user' }).click();
    await page.waitForURL('**/org-settings/users');
  }
  const state = await context.storageState();
  await context.close();
  for (const scheme of ['light', 'dark']) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const ctx = await browser.newContext({
        baseURL: server.baseUrl,
        viewport,
        colorScheme: scheme,
        storageState: state,
      });
      const p = await ctx.newPage();
      for (const url of PAGES) {
        await p.goto(url);
        const name = url.replace(/^\//, '').replace(/[/?=&]+/g, '-');
        await p.screenshot({ path: path.join(dir, `${name}-${scheme}-${size}.png`), fullPage: true });
      }
      await ctx.close();
    }
  }
  console.log(`${PAGES.length * 4} screenshots in ${dir}`);
} finally {
  await browser.close();
  await server.stop();
}
