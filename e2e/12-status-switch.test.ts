import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { formWith, headerStatus, poll, submit } from './support/account';
import { jsOn, openProfileMenu, screenshot, signedInPage, useBrowser, waitForPath } from './support/browser';
import { usePerson } from './support/fixtures';

// The status switch in the profile menu: the current status, the three statuses, one click each.
useBrowser();
const LIN = usePerson('Lin', 'Switcher');

/** Opens the menu and the status list in it; without JavaScript the list is always shown. */
async function statusList(page: Page, current: string): Promise<Locator> {
  // With JavaScript the menu stays open after a switch: close it first, as a person would.
  if ((await page.locator('header details').getAttribute('open')) !== null) await page.keyboard.press('Escape');
  const menu = await openProfileMenu(page);
  const list = menu.getByRole('list', { name: 'Set your status', exact: true });
  if (jsOn) {
    const toggle = menu.getByRole('button', { name: `Status: ${current}`, exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await list.isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  } else {
    expect(await menu.innerText()).toContain(`Status: ${current}`);
  }
  expect(await list.isVisible()).toBe(true);
  return list;
}

const pressed = async (list: Locator) => {
  const buttons = list.getByRole('button');
  const names: string[] = [];
  for (const button of await buttons.all()) {
    if ((await button.getAttribute('aria-pressed')) === 'true') names.push((await button.innerText()).trim());
  }
  return names;
};

describe('status switch in the profile menu', () => {
  test('one click sets the status; the page stays, the header shows it, the audit log has it as from the page', async () => {
    const { page } = await signedInPage(LIN);
    await page.goto('/settings/general');
    expect(await headerStatus(page)).toMatchObject({ label: 'Status: Online' });

    const list = await statusList(page, 'Online');
    expect(await list.getByRole('button').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Online'), expect.stringContaining('Offline')]),
    );
    expect(await list.getByRole('button').count()).toBe(3);
    expect(await pressed(list)).toEqual([expect.stringContaining('Online')]);
    await screenshot(page, 'status-switch-open');

    await submit(page, list.getByRole('button', { name: 'Offline', exact: true }));
    await poll(() => headerStatus(page)).toMatchObject({ label: 'Status: Offline' });
    // Back where the switch was made (without JavaScript, the post answers with the same page).
    expect(new URL(page.url()).pathname).toBe('/settings/general');
    if (jsOn) {
      // The list closes, the focus is back on the status, and the new one is announced.
      const toggle = page.locator('header details').getByRole('button', { name: 'Status: Offline', exact: true });
      await poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await page.locator('header details [role="status"]').innerText()).toBe('Status: Offline');
    }
    expect(await pressed(await statusList(page, 'Offline'))).toEqual([expect.stringContaining('Offline')]);

    // The availability page agrees, and its own form sets the next one.
    await page.goto('/settings/availability');
    expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('offline');
    await page.getByLabel('Status', { exact: true }).selectOption('unavailable');
    await submit(page, formWith(page, 'Save status').getByRole('button', { name: 'Save status' }));
    await poll(() => headerStatus(page)).toMatchObject({ label: 'Status: Unavailable' });

    // And back to Online from the menu, on the availability page itself.
    await submit(page, (await statusList(page, 'Unavailable')).getByRole('button', { name: 'Online', exact: true }));
    await poll(() => headerStatus(page)).toMatchObject({ label: 'Status: Online' });
    await waitForPath(page, '/settings/availability');
    expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('online');

    // The owner's audit log: three entries of the one action, whichever way the status was set.
    const owner = await signedInPage();
    await owner.page.goto(
      `/org-settings/audit-log?actor=${encodeURIComponent(LIN.email)}&action=availability.status_changed`,
    );
    const entries = owner.page.locator('#entries-title').locator('xpath=ancestor::section').locator('ol > li');
    await poll(() => entries.count()).toBe(3);
    const data = (await entries.locator('pre').allTextContents()).map((text) => JSON.parse(text));
    expect(data).toEqual([
      { from: 'unavailable', to: 'online' },
      { from: 'offline', to: 'unavailable' },
      { from: 'online', to: 'offline' },
    ]);
    for (const text of await entries.allInnerTexts()) expect(text).toContain('Availability status changed');
  });

  test('Escape closes the menu with the status list open (with JavaScript)', async () => {
    if (!jsOn) return;
    const { page } = await signedInPage(LIN);
    const list = await statusList(page, 'Online');
    await list.getByRole('button', { name: 'Unavailable', exact: true }).focus();
    await page.keyboard.press('Escape');
    await poll(() => page.locator('header details').getAttribute('open')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
  });
});
