import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { formWith, messagesIn, poll, submit } from './support/account';
import { newPage, screenshot, signedInPage, signIn, useBrowser, waitForPath } from './support/browser';
import { usePerson } from './support/fixtures';

// A person's own notification settings: one switch per event and channel, the task, calendar,
// chat and digest options, and the switches the organization or account security lock.
useBrowser();
const KLEMENTYNA = usePerson('Klementyna', 'Toggleworth');

const PAGE = '/settings/notifications';
const SAVE = 'Save notification settings';

const box = (page: Page, label: string) => page.getByRole('checkbox', { name: label, exact: true });
const select = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** The text of the chosen option of a select. */
const chosen = (page: Page, label: string) =>
  select(page, label).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? '');

/** The owner switches one event off (or back on) for the whole organization. */
async function setOrgEvent(label: string, on: boolean): Promise<void> {
  const { page } = await signedInPage();
  await page.goto('/org-settings/notifications');
  await box(page, label).setChecked(on);
  const form = formWith(page, SAVE);
  await submit(page, form.getByRole('button', { name: SAVE }));
  await poll(() => messagesIn(form, 'status')).toContain('Notification settings saved.');
}

describe('notification settings', () => {
  test('switches and options are saved and kept after a reload', async () => {
    const { page } = await signedInPage(KLEMENTYNA);
    await page.goto(PAGE);
    expect(await page.locator('h1').innerText()).toBe('Notifications');
    const headings = await page.getByRole('region', { name: 'Events', exact: true }).locator('h3').allInnerTexts();
    expect(headings).toEqual(['Tasks', 'Approvals', 'Calendar', 'Chat', 'Import', 'Security']);

    // The defaults: push of a deadline on, mention by email off; "Email on new tasks" lives in Task options.
    expect(await box(page, 'Task deadline: Browser push').isChecked()).toBe(true);
    expect(await box(page, 'Mention: Email').isChecked()).toBe(false);
    expect(await box(page, 'Task assigned: Email').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('Set in Task options');
    expect(await box(page, 'Email on new tasks').isChecked()).toBe(true);

    await box(page, 'Task deadline: Browser push').uncheck();
    await box(page, 'Mention: Email').check();
    await box(page, 'Import finished: In-app').uncheck();
    await select(page, 'Deadline counter range').selectOption({ label: 'Tomorrow' });
    await box(page, 'Show CRM tasks separately').check();
    await box(page, 'Email on new tasks').uncheck();
    await select(page, 'Remind me before deadline').selectOption({ label: '1 day' });
    await select(page, 'Remind me before events').selectOption({ label: 'Never' });
    await box(page, 'Chat pop-ups').uncheck();
    await box(page, 'Send non-urgent email once a day').check();

    const form = formWith(page, SAVE);
    await submit(page, form.getByRole('button', { name: SAVE }));
    await poll(() => messagesIn(form, 'status')).toContain('Notification settings saved.');

    await page.goto(PAGE);
    expect(await box(page, 'Task deadline: Browser push').isChecked()).toBe(false);
    expect(await box(page, 'Mention: Email').isChecked()).toBe(true);
    expect(await box(page, 'Import finished: In-app').isChecked()).toBe(false);
    expect(await box(page, 'Import finished: Email').isChecked()).toBe(true);
    expect(await chosen(page, 'Deadline counter range')).toBe('Tomorrow');
    expect(await box(page, 'Show CRM tasks separately').isChecked()).toBe(true);
    expect(await box(page, 'Email on new tasks').isChecked()).toBe(false);
    expect(await chosen(page, 'Remind me before deadline')).toBe('1 day');
    expect(await chosen(page, 'Remind me before events')).toBe('Never');
    expect(await box(page, 'Chat pop-ups').isChecked()).toBe(false);
    expect(await box(page, 'Send non-urgent email once a day').isChecked()).toBe(true);
  });

  test('security notices are locked on, with the reason', async () => {
    const { page } = await signedInPage(KLEMENTYNA);
    await page.goto(PAGE);
    const password = box(page, 'Password changed or reset: Email');
    expect(await password.isChecked()).toBe(true);
    expect(await password.isDisabled()).toBe(true);
    const security = page.locator('table').filter({ has: password });
    expect(await security.innerText()).toContain('Required for account security');
    expect((await security.innerText()).match(/Required for account security/g)).toHaveLength(5);
  });

  test('an event the organization turned off is locked off, with the reason', async () => {
    await setOrgEvent('Approval decided', false);
    try {
      const { page } = await signedInPage(KLEMENTYNA);
      await page.goto(PAGE);
      for (const channel of ['Email', 'In-app', 'Browser push']) {
        const locked = box(page, `Approval decided: ${channel}`);
        expect(await locked.isDisabled(), channel).toBe(true);
        expect(await locked.isChecked(), channel).toBe(false);
      }
      const row = page.locator('tr').filter({ has: box(page, 'Approval decided: Email') });
      expect(await row.innerText()).toContain('Turned off by your organization');
      expect(await box(page, 'Approval requested: Email').isDisabled()).toBe(false);

      // Saving leaves the locked switches alone; once the organization allows the event again,
      // the person's own choice (the app's defaults here) is back.
      const form = formWith(page, SAVE);
      await submit(page, form.getByRole('button', { name: SAVE }));
      await poll(() => messagesIn(form, 'status')).toContain('Notification settings saved.');
    } finally {
      await setOrgEvent('Approval decided', true);
    }
    const { page } = await signedInPage(KLEMENTYNA);
    await page.goto(PAGE);
    expect(await box(page, 'Approval decided: Email').isChecked()).toBe(true);
    expect(await box(page, 'Approval decided: Browser push').isChecked()).toBe(false);
  });

  test('looks right on a phone, light and dark', async () => {
    const phone = { width: 390, height: 844 };
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await newPage(phone);
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, KLEMENTYNA.email, KLEMENTYNA.password);
      await waitForPath(page, '/settings/profile');
      await page.goto(PAGE);
      await screenshot(page, `notification-settings-phone-${scheme}`);
      // Nothing but the tables may scroll sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
    const { page } = await signedInPage(KLEMENTYNA);
    await page.goto(PAGE);
    await screenshot(page, 'notification-settings-desktop');
  });
});
