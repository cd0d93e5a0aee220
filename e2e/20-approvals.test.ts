import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { fieldErrors, formWith, messagesIn, poll, submit } from './support/account';
import { hydrated, jsOn, screenshot, signedInPage, useBrowser } from './support/browser';
import { usePerson } from './support/fixtures';

// The approval delegate: found by search (typeahead with JavaScript, a search form without),
// never yourself, removable; the availability page names them while an away period is set.
useBrowser();
const FRANCES = usePerson('Frances', 'Allen');
const EVELYN = usePerson('Evelyn', 'Berezin');

const PAGE = '/settings/approvals';

/** Types into "Find a colleague" and waits for the matches: live with JavaScript, by "Search" without. */
async function findColleague(page: Page, q: string): Promise<void> {
  const box = page.getByLabel('Find a colleague', { exact: true });
  // Typed before hydration, the text would stay in the box without a search.
  await hydrated(page);
  await box.fill(q);
  if (!jsOn) await submit(page, page.getByRole('button', { name: 'Search', exact: true }));
  await poll(() => page.locator('#delegate-search-results').innerText()).toMatch(/found/);
  // With JavaScript the list follows the typing from the colleagues route; the page stays put.
  if (jsOn) expect(new URL(page.url()).search).toBe('');
}

/** The signed-in user's id, from the profile's read-only Account list. */
async function ownId(page: Page): Promise<string> {
  await page.goto('/settings/profile');
  const row = page
    .locator('#account-title')
    .locator('xpath=ancestor::section')
    .locator('dl > div')
    .filter({ has: page.locator('dt', { hasText: 'User ID' }) });
  return (await row.locator('dd').innerText()).trim();
}

const current = (page: Page) => page.locator('#current-delegate');

describe('approval delegate', () => {
  test('the availability page asks for a delegate while an away period is set', async () => {
    const { page } = await signedInPage(FRANCES);
    await page.goto('/settings/availability');
    expect(await page.locator('#away-delegate').count()).toBe(0);
    const year = new Date().getUTCFullYear() + 2;
    await page.getByLabel('Away from', { exact: true }).fill(`${year}-03-10T09:00`);
    await page.getByLabel('Away until', { exact: true }).fill(`${year}-03-20T17:30`);
    const awayForm = formWith(page, 'Save away period');
    await submit(page, awayForm.getByRole('button', { name: 'Save away period' }));
    await poll(() => messagesIn(awayForm, 'status')).toContain('Away period saved.');
    const line = page.locator('#away-delegate');
    await poll(() => line.innerText()).toContain('You have no delegate: your approvals wait until you are back.');
    await line.getByRole('link', { name: 'Choose a delegate' }).click();
    await poll(() => new URL(page.url()).pathname).toBe(PAGE);
    expect(await current(page).innerText()).toBe(
      'You have no delegate. While you are away, your approvals wait for you.',
    );
  });

  test('chooses a colleague found by search, and the availability page names them', async () => {
    const { page } = await signedInPage(FRANCES);
    await page.goto(PAGE);
    await findColleague(page, 'evelyn');
    const results = page.getByRole('list', { name: 'Colleagues found' });
    expect(await results.innerText()).toContain(EVELYN.email);
    await submit(page, results.getByRole('button', { name: 'Choose Evelyn Berezin as your delegate' }));
    await poll(() => messagesIn(page.locator('main'), 'status')).toContain('Delegate saved.');
    await poll(() => current(page).innerText()).toContain('Your delegate: Evelyn Berezin');
    await screenshot(page, 'approvals-delegate');

    await page.goto('/settings/availability');
    const line = page.locator('#away-delegate');
    expect(await line.innerText()).toContain('While you are away, approvals go to Evelyn Berezin.');
    expect(await line.getByRole('link', { name: 'Change delegate' }).getAttribute('href')).toBe(PAGE);
  });

  test('never offers yourself, and refuses yourself when posted anyway', async () => {
    const { page } = await signedInPage(FRANCES);
    const me = await ownId(page);
    await page.goto(PAGE);
    await findColleague(page, FRANCES.email);
    expect(await page.locator('#delegate-search-results').innerText()).toContain('No colleagues found.');

    // A "Choose" button carrying one's own id, as a hand-made post would.
    await findColleague(page, 'evelyn');
    const choose = page.getByRole('button', { name: 'Choose Evelyn Berezin as your delegate' });
    await choose.evaluate((button, id) => button.setAttribute('value', id), me);
    await submit(page, choose);
    await poll(() => fieldErrors(page, 'delegate-search')).toContain('You cannot be your own delegate.');
    expect(await messagesIn(page.locator('main'), 'alert')).toContain('Check the highlighted fields.');
    expect(await current(page).innerText()).toContain('Your delegate: Evelyn Berezin');
  });

  test('removes the delegate, and the away period with it', async () => {
    const { page } = await signedInPage(FRANCES);
    await page.goto(PAGE);
    await submit(page, page.getByRole('button', { name: 'Remove delegate', exact: true }));
    await poll(() => messagesIn(page.locator('main'), 'status')).toContain('Delegate removed.');
    await poll(() => current(page).innerText()).toContain('You have no delegate.');
    expect(await page.getByRole('button', { name: 'Remove delegate', exact: true }).count()).toBe(0);

    await page.goto('/settings/availability');
    await poll(() => page.locator('#away-delegate').innerText()).toContain('You have no delegate');
    await submit(page, page.getByRole('button', { name: 'Clear away period', exact: true }));
    await poll(() => page.locator('#away-delegate').count()).toBe(0);
  });
});
