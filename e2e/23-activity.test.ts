import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { messagesIn, poll, submit } from './support/account';
import {
  baseUrl,
  headingOf,
  hydrated,
  jsOn,
  screenshot,
  signedInPage,
  useBrowser,
  waitForPath,
} from './support/browser';
import { usePerson } from './support/fixtures';

// Activity: the notifications other applications send a person (through the API, here with the
// person's own token) are listed at /notifications, and the header's bell shows how many are unread.
useBrowser();
const PERSON = usePerson('Ottoline', 'Quenneville');

const PAGE = '/notifications';

const bell = (page: Page) => page.locator('header a[href="/notifications"]');
const list = (page: Page) => page.getByRole('list', { name: 'Notifications', exact: true });
const item = (page: Page, title: string) => list(page).getByRole('listitem').filter({ hasText: title });

/** A token for the person with the scopes to read themselves and send notifications. */
async function makeToken(page: Page): Promise<string> {
  await page.goto('/settings/tokens');
  await page.getByLabel('Name', { exact: true }).fill(`Activity feed ${jsOn ? 'js' : 'nojs'}`);
  await page.getByLabel('profile:read', { exact: true }).check();
  await page.getByLabel('notifications:write', { exact: true }).check();
  await submit(page, page.getByRole('button', { name: 'Create token', exact: true }));
  await poll(() => page.locator('#new-token-secret').count()).toBe(1);
  return (await page.locator('#new-token-secret').innerText()).trim();
}

async function api(secret: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${secret}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: await response.json() };
}

async function send(secret: string, userId: string, title: string, url = '/settings/profile'): Promise<void> {
  const answer = await api(secret, '/notifications', { userId, event: 'mention', title, body: `About ${title}`, url });
  expect(answer.status, JSON.stringify(answer.json)).toBe(202);
  expect((answer.json as { channels: string[] }).channels).toContain('inApp');
}

type HeldCount = { countAnswered: number; releaseCount: () => void };

/** The page's first `/notifications/unread` answer reaches the bell only once `releaseCount()` is called. */
async function holdFirstCount(page: Page): Promise<void> {
  await page.evaluate(() => {
    const held = window as unknown as HeldCount;
    const fetchNow = window.fetch.bind(window);
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    held.countAnswered = 0;
    held.releaseCount = release;
    window.fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.includes('/notifications/unread')) return fetchNow(input, init);
      const first = ++asked === 1;
      const response = await fetchNow(input, init);
      if (first) {
        held.countAnswered += 1;
        await released;
      }
      return response;
    };
  });
}

describe('Activity', () => {
  test('the bell counts unread notifications; Activity marks one and then all read', async () => {
    const { page } = await signedInPage(PERSON);
    const secret = await makeToken(page);
    const me = await api(secret, '/me');
    expect(me.status).toBe(200);
    const userId = (me.json as { user: { id: string } }).user.id;

    for (const title of ['Shift swap approved', 'Mentioned in dispatch', 'Quarterly report ready']) {
      await send(secret, userId, title);
    }

    await page.goto('/settings/profile');
    expect(await bell(page).getAttribute('aria-label')).toBe('Activity, 3 unread');
    expect((await bell(page).innerText()).trim()).toBe('3');

    await bell(page).click();
    await waitForPath(page, PAGE);
    expect(await headingOf(page)).toBe('Activity');
    const titles = await list(page).getByRole('listitem').locator('p[id^="notification-"]').allInnerTexts();
    // Newest first.
    expect(titles.map((t) => t.replace(/^Unread:\s*/, ''))).toEqual([
      'Quarterly report ready',
      'Mentioned in dispatch',
      'Shift swap approved',
    ]);
    expect(
      await item(page, 'Mentioned in dispatch')
        .getByRole('link', { name: /Mentioned in dispatch/ })
        .getAttribute('href'),
    ).toBe('/settings/profile');
    await screenshot(page, 'activity');

    const mentioned = item(page, 'Mentioned in dispatch');
    await submit(page, mentioned.getByRole('button', { name: 'Mark as read', exact: true }));
    await poll(() => messagesIn(page.locator('main'), 'status')).toContain('Marked as read.');
    await poll(() => bell(page).getAttribute('aria-label')).toBe('Activity, 2 unread');
    await poll(() => item(page, 'Mentioned in dispatch').getByRole('button', { name: 'Mark as read' }).count()).toBe(0);
    expect(await item(page, 'Shift swap approved').getByRole('button', { name: 'Mark as read' }).count()).toBe(1);

    await submit(page, page.getByRole('button', { name: 'Mark all as read', exact: true }));
    await poll(() => messagesIn(page.locator('main'), 'status')).toContain('All notifications marked as read.');
    await poll(() => bell(page).getAttribute('aria-label')).toBe('Activity');
    expect(await bell(page).innerText()).toBe('');
    expect(await page.getByRole('button', { name: 'Mark as read' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Mark all as read' }).count()).toBe(0);

    await page.goto('/settings/profile');
    expect(await bell(page).getAttribute('aria-label')).toBe('Activity');

    // Screens: dark, and a phone.
    await page.goto(PAGE);
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'activity-dark');
    const phone = await signedInPage(PERSON, { width: 390, height: 844 });
    await phone.page.goto(PAGE);
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, 'horizontal scroll in px').toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'activity-mobile');
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(phone.page, 'activity-dark-mobile');

    // With JavaScript the bell picks up a new notification without a reload, when the window gets the focus.
    if (jsOn) {
      await phone.page.goto('/settings/profile');
      expect(await bell(phone.page).getAttribute('aria-label')).toBe('Activity');
      // The bell's first request is answered before the notification exists, and that answer is
      // held back until the window has got the focus again: the bell must ask once more.
      await holdFirstCount(phone.page);
      const focus = () => phone.page.evaluate(() => window.dispatchEvent(new Event('focus')));
      // The bell listens once the page has hydrated, which may come after the load event.
      await hydrated(phone.page);
      await focus();
      await poll(() => phone.page.evaluate(() => (window as unknown as HeldCount).countAnswered)).toBe(1);
      await send(secret, userId, 'Arrived while open');
      await focus();
      await phone.page.evaluate(() => (window as unknown as HeldCount).releaseCount());
      await poll(() => bell(phone.page).getAttribute('aria-label')).toBe('Activity, 1 unread');
      expect(new URL(phone.page.url()).pathname).toBe('/settings/profile');
      // An unread item at phone width, dark and light.
      await phone.page.goto(PAGE);
      await screenshot(phone.page, 'activity-unread-dark-mobile');
      await phone.page.emulateMedia({ colorScheme: 'light' });
      await screenshot(phone.page, 'activity-unread-mobile');
    }
  });

  test('a signed-out visitor is sent to sign in, and the count route answers them 404', async () => {
    const response = await fetch(`${baseUrl}${PAGE}`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toContain('/sign-in');
    const count = await fetch(`${baseUrl}${PAGE}/unread`, { redirect: 'manual' });
    expect([307, 404]).toContain(count.status);
    const signedIn = await signedInPage(PERSON);
    const answer = await signedIn.page.request.get(`${PAGE}/unread`);
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ count: expect.any(Number) });
  });
});
