import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { formWith, poll, submit } from './support/account';
import { baseUrl, jsOn, newPage, signedInPage, useBrowser, waitForPath } from './support/browser';
import { fillInvitation, person, usePerson } from './support/fixtures';

// After any submit the answer is where the eye is: in view, next to the form that was sent, and
// focused (with JavaScript by the page's script, without it by the answer page's autofocus), on
// pages long enough at phone size that the form sits far below the top.
useBrowser();
const ANNIE = usePerson('Annie', 'Easley');
const EVELYN = person('Evelyn', 'Boyd');

const PHONE = { width: 390, height: 700 };

/** Whether the whole element lies within the viewport as the page stands now. */
function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  });
}

function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

/** The answer `text` is shown in `scope`, within the viewport, and has the focus. */
async function expectSeen(page: Page, scope: Locator, role: 'status' | 'alert', text: string): Promise<void> {
  const answer = scope.getByRole(role).filter({ hasText: text });
  await answer.waitFor({ timeout: 10_000 });
  await poll(() => inViewport(answer)).toBe(true);
  await poll(() => hasFocus(answer)).toBe(true);
}

describe('the answer to a form far down a long page', () => {
  test('a PIN saved at the bottom of the security page is said next to its form, in view', async () => {
    const { page } = await signedInPage(ANNIE, PHONE);
    await page.goto('/settings/security');
    const form = formWith(page, 'Save PIN');
    // The form starts well below the first screen.
    expect(await inViewport(form.getByLabel('PIN', { exact: true }))).toBe(false);
    await form.getByLabel('PIN', { exact: true }).fill('480613');
    await form.getByLabel('Password', { exact: true }).fill(ANNIE.password);
    await submit(page, form.getByRole('button', { name: 'Save PIN', exact: true }));
    await expectSeen(page, formWith(page, 'Save PIN'), 'status', 'PIN saved.');
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  });

  test('with fields refused by the server, the focus goes to the first of them', async () => {
    const { page } = await signedInPage(ANNIE, PHONE);
    await page.goto('/settings/security');
    const form = formWith(page, 'Change password');
    await form.getByLabel('Current password', { exact: true }).fill('Not-the-Passw0rd!');
    await form.getByLabel('New password', { exact: true }).fill('An0ther!Secret-42');
    await form.getByLabel('Confirm new password', { exact: true }).fill('An0ther!Secret-42');
    await submit(page, form.getByRole('button', { name: 'Change password', exact: true }));
    const answered = formWith(page, 'Change password');
    const current = answered.getByLabel('Current password', { exact: true });
    await poll(() => current.getAttribute('aria-invalid')).toBe('true');
    if (jsOn) {
      // The field to fix, which the message under it names.
      await poll(() => hasFocus(current)).toBe(true);
      expect(await inViewport(current)).toBe(true);
    } else {
      await expectSeen(page, answered, 'alert', 'Your current password is not correct.');
    }
  });

  test('a role changed on a user page is said next to the role form, in view', async () => {
    const { page } = await signedInPage(undefined, PHONE);
    await page.goto(`/org-settings/users?q=${encodeURIComponent(ANNIE.email)}`);
    await page
      .locator('main')
      .getByRole('link', { name: `${ANNIE.firstName} ${ANNIE.lastName}` })
      .first()
      .click();
    await page.waitForURL((url) => /^\/org-settings\/users\/[^/]+$/.test(url.pathname));
    for (const role of ['Admin', 'Member']) {
      const form = formWith(page, 'Change role');
      await form.getByLabel('Role', { exact: true }).selectOption({ label: role });
      await submit(page, form.getByRole('button', { name: 'Change role', exact: true }));
      await expectSeen(page, formWith(page, 'Change role'), 'status', `Role changed to ${role}.`);
    }
  });

  test('an invitation sent, then sent again, is said in the pending invitations, in view', async () => {
    const { page } = await signedInPage(undefined, PHONE);
    await page.goto('/org-settings/users/new');
    await fillInvitation(page, EVELYN.email, EVELYN.firstName, EVELYN.lastName);
    await page.getByRole('button', { name: 'Invite user', exact: true }).click();
    await waitForPath(page, '/org-settings/users');
    const pending = page.getByRole('region', { name: 'Pending invitations' });
    await expectSeen(page, pending, 'status', `Invitation sent to ${EVELYN.email}.`);

    // Scrolled back to the top, as someone reading the list again would be.
    await page.evaluate(() => window.scrollTo(0, 0));
    const resend = pending.getByRole('button', { name: `Resend the invitation to ${EVELYN.email}`, exact: true });
    await submit(page, resend);
    await expectSeen(
      page,
      page.getByRole('region', { name: 'Pending invitations' }),
      'status',
      `A new invitation was sent to ${EVELYN.email}`,
    );
    // And once more: the same message again still takes the reader to it.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await submit(page, page.getByRole('button', { name: `Resend the invitation to ${EVELYN.email}`, exact: true }));
    await expectSeen(
      page,
      page.getByRole('region', { name: 'Pending invitations' }),
      'status',
      `A new invitation was sent to ${EVELYN.email}`,
    );
  });
});

describe.skipIf(jsOn)('a form sent from the app under another address', () => {
  test('answers with a page like the other signed-out ones, in the browser’s language, linking APP_URL', async () => {
    const { page, errors } = await newPage(PHONE);
    await page.setExtraHTTPHeaders({ 'accept-language': 'de-DE,de;q=0.9' });
    const app = new URL(baseUrl);
    // The server runs with APP_URL http://localhost:<port>; the same server opened by its IP.
    await page.goto(`http://127.0.0.1:${app.port}/sign-in`);
    await page.getByLabel('E-Mail', { exact: true }).fill('nobody@example.test');
    await page.getByLabel('Passwort', { exact: true }).fill('wrong-password');
    const [response] = await Promise.all([
      page.waitForEvent('response', (r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Anmelden', exact: true }).click(),
    ]);
    expect(response.status()).toBe(403);
    await page.waitForLoadState('load');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Roster unter seiner eigenen Adresse öffnen',
    );
    const main = await page.locator('main').innerText();
    expect(main).toContain(`nur von Seiten unter ${app.origin} an`);
    const link = page.getByRole('link', { name: `${app.origin}/sign-in öffnen`, exact: true });
    expect(await link.getAttribute('href')).toBe(`${app.origin}/sign-in`);
    expect(await page.locator('a').count()).toBe(1);

    // Styled like the other signed-out pages, light and dark as the browser prefers.
    const colours = () =>
      page
        .locator('.card')
        .evaluate((card) => [getComputedStyle(document.body).backgroundColor, getComputedStyle(card).backgroundColor]);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await colours();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await colours();
    expect(light[1]).toBe('rgb(255, 255, 255)');
    expect(dark[0]).not.toBe(light[0]);
    expect(dark[1]).not.toBe(light[1]);

    // The link leads to the same page at the app's address, where the form works.
    await link.click();
    await waitForPath(page, '/sign-in');
    expect(new URL(page.url()).origin).toBe(app.origin);
    // Chromium logs the refused document's status as a console error; that one is deliberate.
    const deliberate = errors.filter((e) => /status of 403/.test(e));
    expect(deliberate.length).toBeLessThanOrEqual(1);
    errors.splice(0, errors.length, ...errors.filter((e) => !deliberate.includes(e)));
  });
});
