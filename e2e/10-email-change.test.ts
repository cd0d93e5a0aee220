import type { Page, Request } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { formWith, messagesIn, poll, signOut, submit } from './support/account';
import {
  baseUrl,
  headingOf,
  jsOn,
  mode,
  newPage,
  signedInPage,
  signIn,
  textOf,
  useBrowser,
  waitForPath,
} from './support/browser';
import { acceptInvitation, invite, person, useSetUp } from './support/fixtures';
import { mailTo, type Mail } from './support/mail';

// The owner invites and manages (the instance is set up first if 01 did not run), and the spec
// builds on itself: a person of its own joins first and has their address changed by the tests
// after, in file order. The owner's own address stays as it is.
useBrowser();
useSetUp();

const CAROL = person('Carol', 'Changer', 'Th1rd!Passw0rd-z');
const CAROL_NAME = `${CAROL.firstName} ${CAROL.lastName}`;
const NEW_EMAIL = `carol.new-${mode}@acme.test`;

const SUBJECT = {
  confirm: 'Confirm the new email address of your Roster account',
  requested: 'A new email address was requested for your Roster account',
  changed: 'The email address of your Roster account was changed',
  cancelled: 'The email change for your Roster account was cancelled',
};

// Set by the tests in order: the person's page in org settings and the link mailed to the new address.
let userPath = '';
let confirmLink = '';

/**
 * The newest mail to `to` with `subject`, once there are `count` of them: mail goes out through the
 * job queue, some time after the action.
 */
async function awaitMail(to: string, subject: string, count = 1): Promise<Mail> {
  let found: Mail[] = [];
  await expect
    .poll(async () => (found = (await mailTo(to)).filter((m) => m.subject === subject)).length >= count, {
      timeout: 60_000,
      interval: 250,
    })
    .toBe(true);
  return found[0];
}

const linkIn = (mail: Mail) => /\S+\/confirm-email\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0] ?? '';

async function expectSignInRefused(page: Page, email: string, password: string): Promise<void> {
  await signIn(page, email, password);
  // Scoped to main: Next's route announcer is an alert too.
  const alert = page.getByRole('main').getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toContain('The email or password is not correct.');
  expect(new URL(page.url()).pathname).toBe('/sign-in');
}

/** What the Email form holds on a fresh load: the address the account has now. */
async function storedEmail(page: Page): Promise<string> {
  await page.goto(userPath);
  return formWith(page, 'Change email').getByLabel('Email', { exact: true }).inputValue();
}

describe('email change', () => {
  test('a fresh person joins through an invitation', async () => {
    const { page } = await signedInPage();
    await invite(page, CAROL);
    const invited = await newPage();
    await acceptInvitation(invited.page, CAROL);

    // The person's page, reached the way an admin would: from the list.
    await page.goto('/org-settings/users');
    await page.locator('main').getByRole('link', { name: CAROL_NAME, exact: true }).click();
    await page.waitForURL(
      (url) => /^\/org-settings\/users\/[^/]+$/.test(url.pathname) && url.pathname !== '/org-settings/users/new',
    );
    userPath = new URL(page.url()).pathname;
    expect(await storedEmail(page)).toBe(CAROL.email);
  });

  test("an admin's change waits for confirmation; until then the old address signs in", async () => {
    expect(userPath, 'the person from the test above').not.toBe('');
    const { page } = await signedInPage();
    await page.goto(userPath);
    const form = formWith(page, 'Change email');
    await form.getByLabel('Email', { exact: true }).fill(NEW_EMAIL);
    await submit(page, form.getByRole('button', { name: 'Change email', exact: true }));
    await poll(() => messagesIn(formWith(page, 'Change email'), 'status')).toContain(
      'A confirmation link was sent to the new address.',
    );
    await poll(() => page.locator('main').innerText()).toContain(`Waiting for confirmation from ${NEW_EMAIL}`);

    // Stored as a request, not applied: a fresh load still shows it, next to the old address.
    expect(await storedEmail(page)).toBe(CAROL.email);
    expect(await page.locator('main').innerText()).toContain(`Waiting for confirmation from ${NEW_EMAIL}`);

    const confirm = await awaitMail(NEW_EMAIL, SUBJECT.confirm);
    confirmLink = /\S+\/confirm-email\/[A-Za-z0-9_-]+/.exec(confirm.text)?.[0] ?? '';
    // A full link to this server (APP_URL), as a mail client needs it.
    expect(confirmLink.startsWith(`${baseUrl}/confirm-email/`), confirmLink || confirm.text).toBe(true);
    const token = confirmLink.slice(confirmLink.lastIndexOf('/') + 1);
    // The old address hears of the request, without the link that would apply it.
    const notice = await awaitMail(CAROL.email, SUBJECT.requested);
    expect(notice.text).toContain(NEW_EMAIL);
    expect(notice.text).not.toContain(token);

    // Like invitation and reset links, the confirmation link is kept from the admin's mailbox.
    await page.goto('/dev/mailbox');
    await poll(() => page.locator('article').filter({ hasText: NEW_EMAIL }).count()).toBeGreaterThan(0);
    expect(await page.content()).not.toContain(token);

    const carol = await newPage();
    await expectSignInRefused(carol.page, NEW_EMAIL, CAROL.password);
    await signIn(carol.page, CAROL.email, CAROL.password);
    await waitForPath(carol.page, '/settings/profile');
    expect(await carol.page.locator('main').innerText()).toContain(CAROL.email);
  });

  test('the mailed link confirms the new address once, from a page that sends no referrer', async () => {
    expect(confirmLink, 'the link from the test above').not.toBe('');
    // The recipient, not signed in: whoever holds the link confirms.
    const { page } = await newPage();
    const posts: Request[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname.startsWith('/confirm-email/')) posts.push(req);
    });

    const response = await page.goto(confirmLink);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    expect(await page.title()).toContain('Confirm your new email address');
    expect(await headingOf(page)).toBe('Confirm your new email address');
    const intro = await page.locator('main').innerText();
    expect(intro).toContain(CAROL.email);
    expect(intro).toContain(NEW_EMAIL);

    await submit(page, page.getByRole('button', { name: 'Confirm email address', exact: true }));
    await waitForPath(page, '/sign-in');
    await poll(() => textOf(page, 'main [role="status"]')).toContain(
      'Your new email address is confirmed. Sign in with it from now on.',
    );
    // Under no-referrer a plain form post (no JavaScript) carries Origin: null, which the server
    // takes only on secret-link pages; the action's fetch (JavaScript on) is sent in CORS mode, where
    // Chromium names the page's origin. Either way the redirect above means the post went through.
    const origins = await Promise.all(posts.map((req) => req.headerValue('origin')));
    expect(origins).not.toEqual([]);
    const accepted = jsOn ? [new URL(baseUrl).origin, 'null'] : ['null'];
    expect(
      origins.every((origin) => accepted.includes(origin ?? '')),
      `Origin headers: ${origins.join(', ')}`,
    ).toBe(true);

    await signIn(page, NEW_EMAIL, CAROL.password);
    await waitForPath(page, '/settings/profile');
    await poll(() => page.locator('main').innerText()).toContain(NEW_EMAIL);
    await signOut(page);
    await expectSignInRefused(page, CAROL.email, CAROL.password);

    // The link works once.
    const again = await page.goto(confirmLink);
    expect(again?.status()).toBe(200);
    expect(await page.getByRole('main').getByRole('alert').innerText()).toContain(
      'This confirmation link is no longer valid',
    );
    expect(await page.getByRole('button', { name: 'Confirm email address', exact: true }).count()).toBe(0);

    // The old address is told that the change happened.
    const changed = await awaitMail(CAROL.email, SUBJECT.changed);
    expect(changed.text).toContain(NEW_EMAIL);

    // The admin sees the new address and nothing waiting any more.
    const admin = await signedInPage();
    expect(await storedEmail(admin.page)).toBe(NEW_EMAIL);
    expect(await admin.page.locator('main').innerText()).not.toContain('Waiting for confirmation');
  });

  test('a typo is put right: Resend mails a fresh link, Cancel withdraws the change and tells the user', async () => {
    expect(userPath, 'the person from the first test').not.toBe('');
    const typo = `carol.nwe-${mode}@acme.test`;
    const { page } = await signedInPage();
    await page.goto(userPath);
    const form = formWith(page, 'Change email');
    await form.getByLabel('Email', { exact: true }).fill(typo);
    await submit(page, form.getByRole('button', { name: 'Change email', exact: true }));
    await poll(() => page.locator('main').innerText()).toContain(`Waiting for confirmation from ${typo}`);
    const first = await awaitMail(typo, SUBJECT.confirm);
    expect(first.text).toContain('within 7 days');

    await submit(page, page.getByRole('button', { name: `Resend the confirmation link to ${typo}`, exact: true }));
    await poll(() => page.locator('main').innerText()).toContain(
      `A new confirmation link was sent to ${typo}; the earlier link no longer works.`,
    );
    const second = await awaitMail(typo, SUBJECT.confirm, 2);
    expect(linkIn(second)).not.toBe(linkIn(first));

    await page.goto(userPath);
    await submit(page, page.getByRole('button', { name: `Cancel the change to ${typo}`, exact: true }));
    await poll(() => page.locator('main').innerText()).toContain(`The change to ${typo} was cancelled`);
    await page.goto(userPath);
    expect(await page.locator('main').innerText()).not.toContain('Waiting for confirmation');
    const told = await awaitMail(NEW_EMAIL, SUBJECT.cancelled);
    expect(told.text).toContain(typo);

    // Neither link applies the typo any more.
    const visitor = await newPage();
    for (const link of [linkIn(first), linkIn(second)]) {
      await visitor.page.goto(link);
      expect(await visitor.page.getByRole('main').getByRole('alert').innerText()).toContain(
        'This confirmation link is no longer valid',
      );
    }
    expect(await storedEmail(page)).toBe(NEW_EMAIL);
  });
});
