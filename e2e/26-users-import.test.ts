import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { poll, submit } from './support/account';
import { jsOn, mode, screenshot, signedInPage, useBrowser, waitForPath } from './support/browser';
import { mailTo } from './support/mail';

// Bulk import: the owner uploads a CSV as spreadsheets save it in Germany (UTF-8 with a byte
// order mark, semicolons, a quoted cell with a line break), maps its columns, checks it (nothing
// written, an error report to download), then imports it and follows the task to its end.
useBrowser();

const PAGE = '/org-settings/users/import';
const TASKS = '/settings/background-tasks';
const FILE = `people-${mode}.csv`;
const who = (n: number) => `import-${mode}-${n}@acme.test`;

const CSV = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(
    [
      'E-Mail;Vorname;Nachname;Rolle;Berufsbezeichnung',
      `${who(1)};Grace;Hopper;member;"Rear`,
      `Admiral"`,
      `${who(2)};Annie;Easley;admin;Engineer`,
      `=HYPERLINK("http://evil.test");Bad;Row;member;`,
      `${who(1)};Grace;Again;member;`,
      `${who(3)};Dorothy;Vaughan;wizard;`,
      '',
    ].join('\r\n'),
    'utf8',
  ),
]);

/** The error report of the task in `row`, as the browser downloads it. */
async function downloadReport(page: Page, row: Locator): Promise<string> {
  const link = row.getByRole('link', { name: 'Download error report' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFile((await download.path())!, 'utf8');
}

/** The task's row on the background tasks page (its action label tells a check from an import). */
const taskRow = (page: Page, action: string): Locator =>
  page.getByRole('row').filter({ hasText: FILE }).filter({ hasText: action });

/**
 * Waits until the task ends: with JavaScript the page refreshes itself; without it, the person
 * follows the "Refresh" link while a task runs (the page reloads itself too, every 3 s).
 */
async function waitUntilDone(page: Page, action: string): Promise<string> {
  await poll(async () => {
    if (!jsOn) {
      const refresh = page.getByRole('link', { name: 'Refresh', exact: true });
      if (await refresh.count()) await Promise.all([page.waitForLoadState('load'), refresh.click()]);
      else await page.reload();
    }
    return (await taskRow(page, action).count()) === 1 ? taskRow(page, action).innerText() : '';
  }).toContain('Done');
  return taskRow(page, action).innerText();
}

async function uploadAndMap(page: Page): Promise<string> {
  await page.goto(PAGE);
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: FILE, mimeType: 'text/csv', buffer: CSV });
  await submit(page, page.getByRole('button', { name: 'Upload file', exact: true }));
  await page.waitForURL((url) => url.pathname.startsWith(`${PAGE}/`) && url.pathname !== `${PAGE}/upload`);
  return new URL(page.url()).pathname;
}

const chosen = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent);

describe('bulk user import', () => {
  test('upload, map, check, download the report, import and follow the task', async () => {
    const { page } = await signedInPage();
    const mappingPath = await uploadAndMap(page);

    // The columns were recognised by their German names, and the first rows are shown.
    expect(await chosen(page, 'Email')).toBe('E-Mail');
    expect(await chosen(page, 'First name')).toBe('Vorname');
    expect(await chosen(page, 'Last name')).toBe('Nachname');
    expect(await chosen(page, 'Role')).toBe('Rolle');
    expect(await chosen(page, 'Job title')).toBe('Berufsbezeichnung');
    expect(await page.getByRole('table').first().innerText()).toContain('Hopper');
    await screenshot(page, 'users-import-mapping');

    // Check file: every row validated, nothing written.
    await submit(page, page.getByRole('button', { name: 'Check file', exact: true }));
    await waitForPath(page, TASKS);
    const checked = await waitUntilDone(page, 'Check import file');
    expect(checked).toContain('2 ready, 3 with problems');
    expect(await page.locator('progress').first().getAttribute('max')).not.toBeNull();
    await screenshot(page, 'background-tasks-checked');
    expect(await mailTo(who(1))).toHaveLength(0);

    // The error report: row, column, value, message; a formula-looking value is defused.
    const report = await downloadReport(page, taskRow(page, 'Check import file'));
    expect(report).toContain('Row,Column,Value,Message\r\n');
    expect(report).toContain(`'=HYPERLINK`);
    expect(report).toContain('This email is already on row 1.');
    expect(report).toContain('Unknown role. Use member, admin or owner.');

    // Import: the valid rows become invitations, with their mail.
    await page.goto(mappingPath);
    await submit(page, page.getByRole('button', { name: 'Import', exact: true }));
    await waitForPath(page, TASKS);
    const imported = await waitUntilDone(page, 'Import users');
    expect(imported).toContain('2 invited, 0 updated, 3 refused');
    // The import's own report names the three refused rows.
    const importReport = await downloadReport(page, taskRow(page, 'Import users'));
    expect(importReport).toContain(`'=HYPERLINK`);
    expect(importReport).toContain('This email is already on row 1.');
    expect(importReport).toContain('Unknown role. Use member, admin or owner.');
    await poll(async () => (await mailTo(who(2))).length).toBe(1);

    await page.goto('/org-settings/users');
    const pending = await page.locator('body').innerText();
    expect(pending).toContain(who(1));
    expect(pending).toContain(who(2));
    expect(pending).not.toContain(who(3));
  });

  test('a file that is no CSV is refused with a message next to the field', async () => {
    const { page } = await signedInPage();
    await page.goto(PAGE);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await page
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: png });
    await submit(page, page.getByRole('button', { name: 'Upload file', exact: true }));
    await waitForPath(page, PAGE);
    await poll(() => page.getByRole('alert').allInnerTexts()).toContainEqual(
      expect.stringContaining('This is not a CSV text file.'),
    );
  });
});
