import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startLoopbackImap, type LoopbackImap } from '@/tests/support/imap-server';
import { startLoopbackSmtp, type LoopbackSmtp } from '@/tests/support/smtp';

import { formWith, messagesIn, poll, submit } from './support/account';
import { headingOf, hydrated, jsOn, mode, screenshot, signedInPage, useBrowser, waitForPath } from './support/browser';
import { useSetUp } from './support/fixtures';

// Settings → Connections → Mailbox: the user's own IMAP and SMTP servers, tested for real against
// an IMAP server and an SMTP server on loopback, saved, and disconnected again.
useBrowser();
useSetUp();

const PATH = '/settings/connections';
const ADDRESS = `owner-${mode}@mailbox.acme.test`;
const MAIL_PASSWORD = 'Own!Mailbox-Pass-7';

let imap: LoopbackImap;
let smtp: LoopbackSmtp;

beforeAll(async () => {
  imap = await startLoopbackImap({ user: ADDRESS, password: MAIL_PASSWORD });
  smtp = await startLoopbackSmtp({ user: ADDRESS, password: MAIL_PASSWORD });
});

afterAll(async () => {
  await imap.close();
  await smtp.close();
});

describe('mailbox', () => {
  test('choose a provider, test the connection, save, and disconnect', async () => {
    const { page } = await signedInPage();
    await page.goto(PATH);
    expect(await headingOf(page)).toBe('Connections');
    const form = formWith(page, 'Save mailbox');
    const status = page.locator('#mailbox-status');
    expect(await status.innerText()).toContain('No mailbox connected.');
    const field = (name: string) => page.getByLabel(name, { exact: true });

    // Gmail is offered first, its servers filled in, its app password explained.
    expect(await field('Provider').inputValue()).toBe('gmail');
    expect(await field('IMAP server').inputValue()).toBe('imap.gmail.com');
    expect(await field('SMTP port').inputValue()).toBe('465');
    expect(await page.locator('#mailbox-app-password').innerText()).toContain('App passwords');
    if (jsOn) {
      // Choosing a provider fills in its servers at once (once the page has hydrated).
      await hydrated(page);
      await field('Provider').selectOption({ label: 'Office365' });
      expect(await field('SMTP server').inputValue()).toBe('smtp.office365.com');
      expect(await field('SMTP port').inputValue()).toBe('587');
      expect(await field('SMTP security').inputValue()).toBe('starttls');
      expect(await page.locator('#mailbox-app-password').innerText()).toContain('administrator');
    }
    // Sending on one's behalf is the organization's to allow: it does not here.
    expect(await page.locator('#mailbox-send-as').isDisabled()).toBe(true);
    expect(await form.innerText()).toContain('Your organization does not allow sending through personal mailboxes.');

    // "Other": the loopback servers.
    await field('Provider').selectOption({ label: 'Other (IMAP/SMTP)' });
    await field('Email address').fill(ADDRESS);
    await field('IMAP server').fill('127.0.0.1');
    await field('IMAP port').fill(String(imap.port));
    await field('IMAP security').selectOption({ label: 'None (not encrypted)' });
    await field('SMTP server').fill('127.0.0.1');
    await field('SMTP port').fill(String(smtp.port));
    await field('SMTP security').selectOption({ label: 'None (not encrypted)' });
    await field('Password').fill('not-the-password');

    // Servers on the internal network (the cloud's metadata address, a private one) are not
    // connected to at all: the test says so for each.
    await field('IMAP server').fill('169.254.169.254');
    await field('SMTP server').fill('10.0.0.1');
    await submit(page, form.getByRole('button', { name: 'Test connection', exact: true }));
    await poll(() => messagesIn(form, 'alert')).toContain('The connection test failed');
    for (const side of ['imap', 'smtp'])
      expect(await page.locator(`#mailbox-${side}-result`).innerText()).toContain(
        'Not allowed: this server is on an internal network',
      );
    await screenshot(page, 'mailbox-internal-refused');
    await field('IMAP server').fill('127.0.0.1');
    await field('SMTP server').fill('127.0.0.1');
    await field('Password').fill('not-the-password');

    // A wrong password: each server says so, nothing is saved.
    await submit(page, form.getByRole('button', { name: 'Save mailbox', exact: true }));
    await poll(() => messagesIn(form, 'alert')).toContain('Not saved: the connection test failed.');
    expect(await page.locator('#mailbox-imap-result').innerText()).toContain('Authentication failed');
    expect(await page.locator('#mailbox-smtp-result').innerText()).toContain('Authentication failed');
    expect(await status.innerText()).toContain('No mailbox connected.');
    // What was typed stays, the password does not.
    expect(await field('IMAP port').inputValue()).toBe(String(imap.port));
    expect(await field('Password').inputValue()).toBe('');
    await screenshot(page, 'mailbox-test-failed');

    await field('Password').fill(MAIL_PASSWORD);
    await submit(page, form.getByRole('button', { name: 'Test connection', exact: true }));
    await poll(() => messagesIn(form, 'status')).toContain('Both connections work.');
    expect(await page.locator('#mailbox-imap-result').innerText()).toContain('Connected and signed in.');
    expect(await page.locator('#mailbox-smtp-result').innerText()).toContain('Connected and signed in.');
    expect(await status.innerText()).toContain('No mailbox connected.');

    await field('Password').fill(MAIL_PASSWORD);
    await submit(page, form.getByRole('button', { name: 'Save mailbox', exact: true }));
    await poll(() => messagesIn(form, 'status')).toContain('Mailbox saved. Both connections work.');
    await poll(() => status.innerText()).toContain(`Connected: ${ADDRESS}.`);
    expect(await status.innerText()).toContain('Connection tested');
    expect(await form.innerText()).toContain('Leave empty to keep the saved password.');
    expect(await page.content()).not.toContain(MAIL_PASSWORD);

    await page.goto(PATH);
    expect(await field('IMAP server').inputValue()).toBe('127.0.0.1');
    expect(await field('Provider').inputValue()).toBe('custom');
    expect(await field('Password').inputValue()).toBe('');
    expect(await page.content()).not.toContain(MAIL_PASSWORD);
    await screenshot(page, 'mailbox');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'mailbox-dark');
    const phone = await signedInPage(undefined, { width: 390, height: 844 });
    await phone.page.goto(PATH);
    const overflow = () =>
      phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow(), 'horizontal scroll in px').toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'mailbox-mobile');
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(phone.page, 'mailbox-dark-mobile');

    await submit(page, page.getByRole('button', { name: 'Disconnect mailbox', exact: true }));
    await waitForPath(page, PATH);
    await poll(() => messagesIn(page.locator('#mailbox-status').locator('..'), 'status')).toContain(
      'Mailbox disconnected.',
    );
    await poll(() => status.innerText()).toContain('No mailbox connected.');
    expect(await page.getByRole('button', { name: 'Disconnect mailbox', exact: true }).count()).toBe(0);
  });

  test('the organization allows sending through personal mailboxes, and the box opens', async () => {
    const { page } = await signedInPage();
    await page.goto('/org-settings/email');
    const allow = page.getByLabel('Allow people to send through their own mailbox', { exact: true });
    const form = page.locator('form').filter({ has: allow });
    expect(await allow.isChecked()).toBe(false);
    await allow.check();
    await submit(page, form.getByRole('button', { name: 'Save', exact: true }));
    await poll(() => messagesIn(form, 'status')).toContain('Saved.');
    await screenshot(page, 'mailbox-org-setting');
    try {
      await page.goto(PATH);
      const box = page.locator('#mailbox-send-as');
      expect(await box.isDisabled()).toBe(false);
      expect(await page.locator('#mailbox-send-as-hint').innerText()).toContain('goes out from this address');
    } finally {
      await page.goto('/org-settings/email');
      await allow.uncheck();
      await submit(page, form.getByRole('button', { name: 'Save', exact: true }));
      await poll(() => messagesIn(form, 'status')).toContain('Saved.');
    }
    await page.goto(PATH);
    expect(await page.locator('#mailbox-send-as').isDisabled()).toBe(true);
  });

  test('a port out of range is refused next to its field and nothing is saved', async () => {
    const { page } = await signedInPage();
    await page.goto(PATH);
    const form = formWith(page, 'Save mailbox');
    await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Other (IMAP/SMTP)' });
    await page.getByLabel('IMAP port', { exact: true }).fill('70000');
    await page.getByLabel('Password', { exact: true }).fill(MAIL_PASSWORD);
    await submit(page, form.getByRole('button', { name: 'Save mailbox', exact: true }));
    await poll(() => page.locator('[id="mailbox-imap-port-error"]').allInnerTexts()).toContain(
      'Enter a port from 1 to 65535.',
    );
    await page.goto(PATH);
    expect(await page.locator('#mailbox-status').innerText()).toContain('No mailbox connected.');
  });
});
