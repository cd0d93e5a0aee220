import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startLoopbackSmtp, type LoopbackSmtp } from '@/tests/support/smtp';

import { fieldErrors, formWith, messagesIn, poll, submit } from './support/account';
import { headingOf, jsOn, mode, screenshot, signedInPage, useBrowser, waitForPath } from './support/browser';
import { disconnectBusinessEmail } from './support/business-email';
import { useSetUp } from './support/fixtures';

// Organization settings → Email: the business mail server, tested against a real SMTP server on
// loopback. The spec disconnects it again, so the specs after it send through the app's default.
useBrowser();
useSetUp();

const PATH = '/org-settings/email';
const SMTP_USER = `desk-${mode}@acme.test`;
const SMTP_PASSWORD = 'Desk!Mail-Pass-42';
const SENDER = `frontdesk-${mode}@acme.test`;

let smtp: LoopbackSmtp;
let smtpPort: number;

beforeAll(async () => {
  smtp = await startLoopbackSmtp({ user: SMTP_USER, password: SMTP_PASSWORD });
  smtpPort = smtp.port;
});

afterAll(async () => {
  // Whatever a failed test left behind, the organization's mail goes through the default again.
  await disconnectBusinessEmail();
  await smtp.close();
});

describe('business email', () => {
  test('save, test the connection, see why a test fails, and disconnect after confirming', async () => {
    const { page } = await signedInPage();
    await page.goto(PATH);
    expect(await headingOf(page)).toBe('Email');
    const form = formWith(page, 'Test connection');
    const status = page.locator('#mail-server-status');
    expect(await status.innerText()).toContain('Not connected');

    await page.getByLabel('SMTP host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(smtpPort));
    await page.getByLabel('Security', { exact: true }).selectOption({ label: 'None' });
    await page.getByLabel('Username', { exact: true }).fill(SMTP_USER);
    await page.getByLabel('Password', { exact: true }).fill(SMTP_PASSWORD);
    await page.getByLabel('Sender address', { exact: true }).fill(SENDER);
    await page.getByLabel('Sender name', { exact: true }).fill('Acme Front Desk');
    await submit(page, form.getByRole('button', { name: 'Save', exact: true }));
    await poll(() => messagesIn(form, 'status')).toContain('Business email saved.');

    // The saved state: the sender above the form, the values in it, the password only as a hint.
    await poll(() => status.innerText()).toContain(
      `Connected: the organization's mail goes out as Acme Front Desk <${SENDER}>.`,
    );
    expect(await status.innerText()).toContain('The saved settings have not been tested yet.');
    expect(await page.getByLabel('SMTP host', { exact: true }).inputValue()).toBe('127.0.0.1');
    expect(await page.getByLabel('Sender address', { exact: true }).inputValue()).toBe(SENDER);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await form.innerText()).toContain('A password is saved. Leave empty to keep it.');
    expect(await page.content()).not.toContain(SMTP_PASSWORD);

    // The stored password is used when the field is left empty; success marks the settings tested.
    await submit(page, form.getByRole('button', { name: 'Test connection', exact: true }));
    await poll(() => messagesIn(form, 'status')).toContain('Connection works.');
    await poll(() => status.innerText()).toContain('Connection tested');

    // A wrong password typed in the form is tested, not saved, and the answer says what failed.
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await submit(page, form.getByRole('button', { name: 'Test connection', exact: true }));
    await poll(() => messagesIn(form, 'alert')).toContain('Authentication failed: check the username and password.');
    expect(await page.getByLabel('SMTP host', { exact: true }).inputValue()).toBe('127.0.0.1');

    await page.goto(PATH);
    await screenshot(page, 'business-email');
    const phone = await signedInPage(undefined, { width: 390, height: 844 });
    await phone.page.goto(PATH);
    const overflow = () =>
      phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow(), 'horizontal scroll in px').toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'business-email-mobile');
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(phone.page, 'business-email-dark-mobile');

    // Disconnect asks first: a dialog with JavaScript, a page of its own without.
    const disconnect = page.getByRole('link', { name: 'Disconnect', exact: true });
    let scope;
    if (jsOn) {
      const dialog = page.getByRole('dialog', { name: 'Disconnect the business email?' });
      await disconnect.click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await status.innerText()).toContain('Connected');
      await disconnect.click();
      await dialog.waitFor();
      scope = dialog;
    } else {
      await disconnect.click();
      await waitForPath(page, `${PATH}/disconnect`);
      expect(await headingOf(page)).toBe('Disconnect the business email?');
      scope = page.locator('main');
    }
    expect(await scope.innerText()).toContain('the saved password is deleted');
    await submit(page, scope.getByRole('button', { name: 'Disconnect', exact: true }));
    await waitForPath(page, PATH);
    await poll(() => messagesIn(page.locator('main'), 'status')).toContain('Business email disconnected.');
    expect(await status.innerText()).toContain('Not connected');
    expect(await form.innerText()).not.toContain('A password is saved.');
  });

  test('a port out of range and a bad sender address are refused next to their fields', async () => {
    const { page } = await signedInPage();
    await page.goto(PATH);
    const form = formWith(page, 'Test connection');
    await page.getByLabel('SMTP host', { exact: true }).fill('smtp.acme.test');
    await page.getByLabel('Port', { exact: true }).fill('70000');
    await page.getByLabel('Sender address', { exact: true }).fill('front desk');
    await submit(page, form.getByRole('button', { name: 'Save', exact: true }));
    await poll(() => fieldErrors(page, 'mail-port')).toContain('Enter a port from 1 to 65535.');
    expect(await fieldErrors(page, 'mail-from-address')).toContain('Enter a valid email address');
    await page.goto(PATH);
    expect(await page.locator('#mail-server-status').innerText()).toContain('Not connected');
  });

  test('a host on the internal network is refused next to its field, and nothing is saved', async () => {
    const { page } = await signedInPage();
    await page.goto(PATH);
    const form = formWith(page, 'Test connection');
    await page.getByLabel('SMTP host', { exact: true }).fill('169.254.169.254');
    await page.getByLabel('Port', { exact: true }).fill('25');
    await page.getByLabel('Security', { exact: true }).selectOption({ label: 'None' });
    await page.getByLabel('Sender address', { exact: true }).fill(SENDER);
    await page.getByLabel('Sender name', { exact: true }).fill('Acme Front Desk');
    await submit(page, form.getByRole('button', { name: 'Save', exact: true }));
    await poll(() => fieldErrors(page, 'mail-host')).toContain('Not allowed: this host is on an internal network');
    expect(await page.getByLabel('SMTP host', { exact: true }).inputValue()).toBe('169.254.169.254');
    await screenshot(page, 'business-email-internal-host');
    await page.goto(PATH);
    expect(await page.locator('#mail-server-status').innerText()).toContain('Not connected');
  });
});
