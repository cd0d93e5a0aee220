/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers of the API are read freely */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { parseEml } from '@/lib/mail/eml';
import { startLoopbackSmtp, type LoopbackSmtp } from '@/tests/support/smtp';

import { formWith, messagesIn, poll, submit } from './support/account';
import { baseUrl, headingOf, jsOn, mode, newPage, screenshot, signedInPage, useBrowser } from './support/browser';
import { disconnectBusinessEmail } from './support/business-email';
import { usePerson } from './support/fixtures';

// Approve by email: another application asks for a person's approval through the API; with the
// organization's business email connected and "Approve by email" chosen, the mail carries an
// Approve link whose page decides only when its button is pressed, and only once. The business
// email is a loopback SMTP server of this spec, which is where the mail arrives; it is
// disconnected again afterwards, so the specs after it send through the app's default.
useBrowser();
const PHILIPPA = usePerson('Philippa', 'Quillfeather');

const SMTP_USER = `approvals-${mode}@acme.test`;
const SMTP_PASSWORD = 'Appr0ve!Mail-Pass-24';
const EMAIL_PAGE = '/org-settings/email';

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

/** The owner connects the spec's SMTP server as the organization's business email. */
async function connectBusinessEmail(): Promise<void> {
  const { page } = await signedInPage();
  await page.goto(EMAIL_PAGE);
  const form = formWith(page, 'Test connection');
  await page.getByLabel('SMTP host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(smtpPort));
  await page.getByLabel('Security', { exact: true }).selectOption({ label: 'None' });
  await page.getByLabel('Username', { exact: true }).fill(SMTP_USER);
  await page.getByLabel('Password', { exact: true }).fill(SMTP_PASSWORD);
  await page.getByLabel('Sender address', { exact: true }).fill(`approvals-desk-${mode}@acme.test`);
  await page.getByLabel('Sender name', { exact: true }).fill('Acme Approvals');
  await submit(page, form.getByRole('button', { name: 'Save', exact: true }));
  await poll(() => messagesIn(form, 'status')).toContain('Business email saved.');
}

/** The approver chooses "Approve by email" in their notification settings. */
async function chooseApproveByEmail(): Promise<void> {
  const { page } = await signedInPage(PHILIPPA);
  await page.goto('/settings/notifications');
  await page.getByRole('checkbox', { name: 'Approve by email', exact: true }).check();
  const form = formWith(page, 'Save notification settings');
  await submit(page, form.getByRole('button', { name: 'Save notification settings' }));
  await poll(() => messagesIn(form, 'status')).toContain('Notification settings saved.');
}

/** The owner's API token for the approvals application, made on the tokens page. */
async function approvalsToken(): Promise<string> {
  const { page } = await signedInPage();
  await page.goto('/settings/tokens');
  await page.getByLabel('Name', { exact: true }).fill(`Approvals app ${mode}`);
  await page.getByLabel('approvals:write', { exact: true }).check();
  await page.getByLabel('users:read', { exact: true }).check();
  await page.getByLabel('Expires', { exact: true }).selectOption({ label: 'In 30 days' });
  await submit(page, page.getByRole('button', { name: 'Create token', exact: true }));
  const secret = page.locator('#new-token-secret');
  await poll(() => secret.count()).toBe(1);
  return (await secret.innerText()).trim();
}

async function api(secret: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The Approve link (a path) of the newest mail to `to` about `title`. */
async function approveLinkFor(to: string, title: string): Promise<string> {
  let link: string | null = null;
  // Mail goes out through the job queue, some time after the request.
  await expect
    .poll(
      () => {
        const mail = smtp.received
          .map((m) => parseEml(m.data))
          .findLast((m) => m.to.toLowerCase().includes(to.toLowerCase()) && m.subject === title);
        link = mail ? (/\/approve\/[A-Za-z0-9_-]+\?decision=approve/.exec(mail.text)?.[0] ?? null) : null;
        return link;
      },
      { timeout: 30_000, interval: 250 },
    )
    .toEqual(expect.any(String));
  return link!;
}

const card = (page: Page) => page.locator('main');

describe('approve by email', () => {
  test('a request from the API mails an Approve link; its page decides once, on the button', async () => {
    await connectBusinessEmail();
    await chooseApproveByEmail();
    const secret = await approvalsToken();
    const found = await api(secret, `/users?q=${encodeURIComponent(PHILIPPA.email)}`);
    expect(found.status).toBe(200);
    const userId = found.body.users[0].id as string;

    const title = `Purchase order 4711 (${mode})`;
    const created = await api(secret, '/approvals', {
      userId,
      title,
      body: 'Two standing desks for the front office, 1,240 EUR.',
      url: '/settings/profile',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', approverId: userId });

    const link = await approveLinkFor(PHILIPPA.email, title);
    // Opened signed out, as from a mail on a phone: the page asks, and nothing is decided yet.
    const { page } = await newPage();
    await page.goto(link);
    expect(await headingOf(page)).toBe('Approve this request?');
    const text = await card(page).innerText();
    expect(text).toContain(title);
    expect(text).toContain('Two standing desks for the front office, 1,240 EUR.');
    expect(text).toContain('Asked by Ada Lovelace');
    expect((await api(secret, `/approvals/${created.body.id}`)).body.status).toBe('pending');
    await screenshot(page, 'approve-by-email');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'approve-by-email-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    const phone = await newPage({ width: 390, height: 844 });
    await phone.page.goto(link.replace('decision=approve', 'decision=reject'));
    expect(await headingOf(phone.page)).toBe('Reject this request?');
    await screenshot(phone.page, 'approve-by-email-phone');

    await submit(page, card(page).getByRole('button', { name: 'Approve', exact: true }));
    await poll(() => messagesIn(card(page), 'status')).toContain('Approved.');
    expect(await card(page).getByRole('button', { name: 'Reject', exact: true }).count()).toBe(0);
    await screenshot(page, 'approve-by-email-approved');
    const decided = await api(secret, `/approvals/${created.body.id}`);
    expect(decided.body).toMatchObject({ status: 'approved', decidedBy: userId, decidedVia: 'email' });

    // The other tab still shows the buttons; its post is refused: the link worked once.
    await submit(phone.page, card(phone.page).getByRole('button', { name: 'Reject', exact: true }));
    await poll(() => messagesIn(card(phone.page), 'alert')).toContain('This link was already used.');
    expect((await api(secret, `/approvals/${created.body.id}`)).body.status).toBe('approved');
    if (!jsOn) expect(new URL(phone.page.url()).pathname).toBe(new URL(link, baseUrl).pathname);
  });
});
