import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { poll, submit } from './support/account';
import { jsOn, screenshot, signedInPage, useBrowser, waitForPath } from './support/browser';
import { usePerson } from './support/fixtures';
import { mailTo } from './support/mail';

// Settings → Your data: "Export my data" queues a background task that writes one ZIP of the
// person's data; the task list offers it for download, the person gets a mail, and a second
// export on the same day is refused with the time the next one is possible.
useBrowser();
const ADA = usePerson('Ada', 'Exporter');

const PAGE = '/settings/data';
const TASKS = '/settings/background-tasks';

const exportRow = (page: Page): Locator => page.getByRole('row').filter({ hasText: 'roster-data-' });

/** Waits until the export ends: with JavaScript the page refreshes itself; without it, by reloading. */
async function waitUntilDone(page: Page): Promise<void> {
  await poll(async () => {
    if (!jsOn) await page.reload();
    return (await exportRow(page).count()) === 1 ? exportRow(page).innerText() : '';
  }).toContain('Done');
}

describe('your data', () => {
  test('exports the person’s data as a ZIP whose profile matches the profile page', async () => {
    const { page } = await signedInPage(ADA);
    const shown = {
      firstName: await page.getByLabel('First name', { exact: true }).inputValue(),
      lastName: await page.getByLabel('Last name', { exact: true }).inputValue(),
      email: ADA.email,
    };
    expect(shown.firstName).toBe('Ada');

    await page.goto(PAGE);
    const body = await page.locator('main').innerText();
    expect(body).toContain('What the file contains');
    expect(body).toContain('You have not exported your data yet.');
    await screenshot(page, 'data-export');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'data-export-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await submit(page, page.getByRole('button', { name: 'Export my data', exact: true }));
    await waitForPath(page, TASKS);
    await poll(() => page.getByRole('status').allInnerTexts()).toContainEqual(
      expect.stringContaining('The export has started.'),
    );
    await waitUntilDone(page);
    const row = await exportRow(page).innerText();
    expect(row).toContain('Export my data');

    const link = exportRow(page).getByRole('link', { name: 'Download', exact: true });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^roster-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = unzipSync(new Uint8Array(await readFile((await download.path())!)));
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['README.txt', 'profile.json', 'audit.json']));
    const profile = JSON.parse(strFromU8(zip['profile.json']));
    expect(profile).toMatchObject(shown);
    expect(strFromU8(zip['README.txt'])).toContain('docs/data-export.md');
    for (const file of Object.values(zip)) expect(strFromU8(file)).not.toContain('$argon2');

    // The mail says it is ready, with the link to the task list.
    await poll(async () => (await mailTo(ADA.email)).map((m) => m.subject)).toContainEqual(
      'Your Roster data export is ready',
    );
    const mail = (await mailTo(ADA.email)).find((m) => m.subject === 'Your Roster data export is ready')!;
    expect(mail.text).toContain('/settings/background-tasks');

    // A second export the same day is refused, naming when the next is possible.
    await page.goto(PAGE);
    const last = await page.locator('main').innerText();
    expect(last).toContain('Ready to download until');
    expect(last).toContain('The next export is possible from');
    await submit(page, page.getByRole('button', { name: 'Export my data', exact: true }));
    await waitForPath(page, PAGE);
    await poll(() => page.getByRole('alert').allInnerTexts()).toContainEqual(
      expect.stringContaining('You exported your data less than a day ago.'),
    );
    await screenshot(page, 'data-export-too-soon');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'data-export-too-soon-dark');

    const phone = await signedInPage(ADA, { width: 390, height: 844 });
    await phone.page.goto(PAGE);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone.page, 'data-export-phone');
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(phone.page, 'data-export-phone-dark');
  });
});
