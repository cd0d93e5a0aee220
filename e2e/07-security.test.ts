import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { fieldErrors, formWith, messagesIn, poll, signOut, submit } from './support/account';
import { hydrated, jsOn, newPage, signedInPage, signIn, useBrowser, waitForPath } from './support/browser';
import { usePerson } from './support/fixtures';
import { awaitLink, newestLink } from './support/mail';

// The password and the sessions of a person of its own: the owner's stay as setup left them.
useBrowser();
const RADIA = usePerson('Radia', 'Perlman');

const NEW_PASSWORD = 'An0ther!Secret-42';

async function fillPasswordForm(page: Page, current: string, next: string, confirm = next): Promise<void> {
  await page.goto('/settings/security');
  // With JavaScript the form is checked in the page (the live checklist), once it has hydrated.
  await hydrated(page);
  const form = formWith(page, 'Change password');
  await form.getByLabel('Current password', { exact: true }).fill(current);
  await form.getByLabel('New password', { exact: true }).fill(next);
  await form.getByLabel('Confirm new password', { exact: true }).fill(confirm);
  await submit(page, form.getByRole('button', { name: 'Change password' }));
}

const sessionsList = (page: Page) => page.getByRole('region', { name: 'Active sessions', exact: true }).locator('li');

describe('change password', () => {
  test('a wrong current password is refused next to the field', async () => {
    const { page } = await signedInPage(RADIA);
    await fillPasswordForm(page, 'Not-the-Passw0rd!', NEW_PASSWORD);
    await poll(() => fieldErrors(page, 'currentPassword')).toContain('Your current password is not correct.');
    const current = formWith(page, 'Change password').getByLabel('Current password', { exact: true });
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    expect(await messagesIn(formWith(page, 'Change password'), 'status')).toBe('');
  });

  test('a weak new password lists the rules it breaks', async () => {
    const { page } = await signedInPage(RADIA);
    await fillPasswordForm(page, RADIA.password, 'weakpass');
    // Without JavaScript the server names every broken rule; with it the form shows the first and
    // the live checklist marks the others.
    await poll(() => fieldErrors(page, 'newPassword')).toContain('Add an uppercase letter.');
    const errors = await fieldErrors(page, 'newPassword');
    if (jsOn) {
      // Each rule's met / not met is screen-reader text on a line of its own.
      const checklist = (await page.getByRole('list', { name: 'Password requirements' }).innerText()).replace(
        /\s+/g,
        ' ',
      );
      for (const rule of ['An uppercase letter', 'A digit', 'A special character'])
        expect(checklist).toContain(`${rule} (not met yet)`);
      expect(checklist).toContain('A lowercase letter (met)');
    } else {
      expect(errors).toContain('Add a digit.');
      expect(errors).toContain('Add a special character, like ! or #.');
    }
    expect(errors).not.toContain('Add a lowercase letter.');
  });

  test('a good one is saved; the next sign-in needs it (then it is changed back)', async () => {
    const { page } = await signedInPage(RADIA);
    try {
      await fillPasswordForm(page, RADIA.password, NEW_PASSWORD);
      const shown = await page
        .getByRole('main')
        .getByRole('status')
        .filter({ hasText: 'Password changed.' })
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      // Soft: the rest of the story still runs, and the finally block still puts the password back.
      expect.soft(shown, `"Password changed…" status; the browser ended on ${page.url()}`).toBe(true);
      // This browser continues on a fresh session.
      await page.goto('/settings/security');
      await waitForPath(page, '/settings/security');

      await signOut(page);
      await signIn(page, RADIA.email, RADIA.password);
      await page.getByRole('main').getByRole('alert').waitFor();
      expect(await messagesIn(page.getByRole('main'), 'alert')).toContain('The email or password is not correct.');
      await signIn(page, RADIA.email, NEW_PASSWORD);
      await waitForPath(page, '/settings/profile');
    } finally {
      await restorePassword();
    }
  });
});

describe('forgot password', () => {
  test('the mailed link sets a new password on a page that sends no referrer (then it is changed back)', async () => {
    // Signed in elsewhere: the reset must end this session too.
    const reader = await signedInPage(RADIA);
    // An earlier run's link, if any, is not the one this test asks for.
    const older = await newestLink(RADIA.email, 'reset-password');

    const { page } = await newPage();
    await page.goto('/forgot-password');
    await page.getByLabel('Email', { exact: true }).fill(RADIA.email);
    await submit(page, page.getByRole('button', { name: 'Send reset link', exact: true }));
    await poll(() => page.getByRole('main').innerText()).toContain('If an account exists for that address');

    const link = await awaitLink(RADIA.email, 'reset-password', older);
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    try {
      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('Confirm new password', { exact: true }).fill(NEW_PASSWORD);
      // Under no-referrer the browser posts with Origin: null; the post must still go through.
      await submit(page, page.getByRole('button', { name: 'Reset password', exact: true }));
      await waitForPath(page, '/sign-in');
      // A reset signs every session out, the reader's too, and does not sign in.
      await reader.page.goto('/settings/profile');
      await waitForPath(reader.page, '/sign-in');
      await signIn(page, RADIA.email, NEW_PASSWORD);
      await waitForPath(page, '/settings/profile');
      // The link works once.
      const again = await page.goto(link);
      expect(again?.status()).toBe(200);
      expect(await page.getByRole('main').innerText()).toContain('no longer valid');
    } finally {
      await restorePassword();
    }
  });
});

/** The next test signs in with the person's first password, whatever happened in the test above. */
async function restorePassword(): Promise<void> {
  const { page } = await newPage();
  await signIn(page, RADIA.email, NEW_PASSWORD);
  const landed = await Promise.race([
    // The loser times out later; it must not surface as an unhandled rejection.
    waitForPath(page, '/settings/profile').then(
      () => 'in',
      () => 'unknown',
    ),
    page
      .getByRole('main')
      .getByRole('alert')
      .waitFor()
      .then(
        () => 'refused',
        () => 'unknown',
      ),
  ]);
  if (landed === 'in') {
    // Not the status message (see above): the action's answer, then a sign-in with the first password.
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      fillPasswordForm(page, NEW_PASSWORD, RADIA.password),
    ]);
  }
  const check = await newPage();
  await signIn(check.page, RADIA.email, RADIA.password);
  await waitForPath(check.page, '/settings/profile');
}

describe('sessions', () => {
  test('another browser shows as a session and is signed out with the others', async () => {
    const first = await signedInPage(RADIA);
    await first.page.goto('/settings/security');
    // Earlier tests leave sessions behind; start from this one alone.
    const others = first.page.getByRole('button', { name: 'Sign out of all other sessions', exact: true });
    if (await others.count()) await submit(first.page, others);
    await poll(() => sessionsList(first.page).count()).toBe(1);
    expect(await sessionsList(first.page).innerText()).toContain('This device');

    const second = await signedInPage(RADIA);
    // A fresh GET: reloading the answer to a post (no JavaScript) would sign the others out again.
    await first.page.goto('/settings/security');
    await poll(() => sessionsList(first.page).count()).toBe(2);
    // The other session has its own "Sign out" button, described by its device and times.
    const perSession = sessionsList(first.page).getByRole('button', { name: 'Sign out', exact: true });
    expect(await perSession.count()).toBe(1);
    expect(await perSession.getAttribute('aria-describedby')).toBeTruthy();

    await submit(first.page, others);
    await poll(() => sessionsList(first.page).count()).toBe(1);
    await poll(() => first.page.getByRole('status').filter({ hasText: 'other session is signed out' }).count()).toBe(1);

    await second.page.goto('/settings/security');
    await waitForPath(second.page, '/sign-in');
    // The first browser is still signed in.
    await first.page.goto('/settings/profile');
    await waitForPath(first.page, '/settings/profile');
  });
});
