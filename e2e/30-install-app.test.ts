import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { poll } from './support/account';
import { baseUrl, headingOf, hydrated, jsOn, newPage, screenshot, signedInPage, useBrowser } from './support/browser';
import { useSetUp } from './support/fixtures';

// Roster as an installable app: every page links the web app manifest; the service worker keeps
// an offline page and shows it only when the network is gone; the devices page has an
// "Install app" card that uses the browser's install dialog where it offers one and otherwise
// says where the browser's menu has it.
useBrowser();
useSetUp();

const PUBLIC_FILES = ['/manifest.webmanifest', '/sw.js', '/icons/icon-192.png', '/offline'];
const MENU_PATHS = ['Chrome or Edge', 'Add to Home Screen', 'Add to Dock', 'Firefox on Android'];

const installCard = (page: Page) => page.getByRole('region', { name: 'Install app', exact: true });

/** What the page's service worker keeps, as paths. */
function keptFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths.sort();
  });
}

describe('installable app', () => {
  test('every page links the manifest; it, the service worker, the icons and the offline page are served to anyone', async () => {
    const { page, context } = await newPage();
    await page.goto('/sign-in');
    expect(await page.locator('head link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');

    for (const path of PUBLIC_FILES) {
      const response = await context.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
    }
    const manifest = await (await context.request.get('/manifest.webmanifest')).json();
    expect(manifest).toMatchObject({ name: 'Roster', start_url: '/settings/profile', display: 'standalone' });
    const sw = await context.request.get('/sw.js');
    expect(sw.headers()['cache-control']).toBe('no-cache');
    expect(sw.headers()['service-worker-allowed']).toBe('/');

    const offline = await context.request.get('/offline', { headers: { 'accept-language': 'de' } });
    expect(await offline.text()).toContain('<h1>Sie sind offline</h1>');
  });

  test('the devices page has the "Install app" card, and signed-in pages link the manifest too', async () => {
    const { page } = await signedInPage();
    await page.goto('/settings/devices');
    expect(await page.locator('head link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    const card = installCard(page);
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 2 }).innerText()).toBe('Install app');
    // Headless Chromium makes no install offer, and without JavaScript there is no button:
    // either way the card says where each browser's menu has the command.
    for (const text of MENU_PATHS) await poll(() => card.innerText()).toContain(text);
    expect(await card.getByRole('button').count()).toBe(0);
    await screenshot(page, 'install-app');
  });

  test.runIf(jsOn)('where the browser offers to install, "Install app" opens its dialog', async () => {
    const { page } = await signedInPage();
    await page.goto('/settings/devices');
    const card = installCard(page);
    await poll(() => card.innerText()).toContain('Add to Dock');
    // The offer is listened for once the page has hydrated (the server's HTML has the text above).
    await hydrated(page);
    // What Chrome and Edge hand the page when Roster may be installed.
    await page.evaluate(() => {
      const offer = new Event('beforeinstallprompt') as Event & Record<string, unknown>;
      offer.prompt = async () => void ((window as unknown as Record<string, unknown>).prompted = true);
      offer.userChoice = Promise.resolve({ outcome: 'dismissed' });
      dispatchEvent(offer);
    });
    const button = card.getByRole('button', { name: 'Install app', exact: true });
    await button.click();
    await poll(() => page.evaluate(() => (window as unknown as Record<string, unknown>).prompted)).toBe(true);
    await poll(() => card.getByRole('status').innerText()).toContain('Roster was not installed');
    expect(await card.innerText()).toContain('Add to Home Screen');

    // The next offer, accepted: the browser installs and says so.
    await page.evaluate(() => {
      const offer = new Event('beforeinstallprompt') as Event & Record<string, unknown>;
      offer.prompt = async () => {};
      offer.userChoice = Promise.resolve({ outcome: 'accepted' });
      dispatchEvent(offer);
    });
    await button.click();
    await page.evaluate(() => dispatchEvent(new Event('appinstalled')));
    await poll(() => card.getByRole('status').innerText()).toContain('Roster is installed on this device');
  });

  test.runIf(jsOn)(
    'the service worker controls the page after a reload, keeps only the offline page and icons, and shows that page when the network is gone',
    async () => {
      const { page, context } = await signedInPage();
      await page.goto('/settings/devices');
      await page.evaluate(async () => void (await navigator.serviceWorker.ready));
      await page.reload();
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${baseUrl}/sw.js`);
      expect(await keptFiles(page)).toEqual([
        '/icons/icon-192.png',
        '/icons/icon-512.png',
        '/icons/icon-maskable-512.png',
        '/offline',
      ]);

      // Pages still come from the server: what changed since shows at once, and nothing is kept.
      await page.goto('/settings/general');
      expect(await headingOf(page)).toBe('General');
      expect(await keptFiles(page)).toHaveLength(4);

      await context.setOffline(true);
      await page.goto('/settings/profile');
      expect(new URL(page.url()).pathname).toBe('/settings/profile');
      expect(await headingOf(page)).toBe('You are offline');
      expect(await page.getByRole('main').count()).toBe(1);
      expect(await page.locator('main img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(192);
      await screenshot(page, 'offline');

      // Back online, "Try again" loads the page that failed.
      await context.setOffline(false);
      await page.getByRole('link', { name: 'Try again', exact: true }).click();
      await poll(() => headingOf(page)).toBe('Profile');
      expect(new URL(page.url()).pathname).toBe('/settings/profile');
    },
  );
});
