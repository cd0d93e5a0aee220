import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { fieldErrors, formWith, poll, submit } from './support/account';
import { jsOn, newPage, signedInPage, useBrowser, waitForPath } from './support/browser';
import { invite, person, usePerson } from './support/fixtures';
import { awaitLink } from './support/mail';

// The checklist under a new password shows every rule the server applies, so a password that
// ticks the rules shown is not then refused for one not shown.
useBrowser();
const ALAN = usePerson('Alan', 'Turing');
const JOAN = person('Joan', 'Clarke');

const PERSONAL_RULE = 'Not your name, email or organization';
const PERSONAL_REFUSAL = "Don't use your name, email or organization name in your password.";

/** The checklist as a screen reader reads it: one line per rule, its state in brackets. */
async function checklist(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Password requirements' });
  return (await list.locator('li').allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim());
}

describe('the password checklist', () => {
  test('an invitation lists every rule, judges "not your name" as they type, and the server agrees', async () => {
    const owner = await signedInPage();
    await invite(owner.page, JOAN);
    const link = await awaitLink(JOAN.email, 'invite');

    const { page } = await newPage();
    await page.goto(link);
    // Every rule, with or without JavaScript, before anything is typed.
    expect(await checklist(page)).toEqual([
      '○ 8 to 128 characters (not met yet)',
      '○ An uppercase letter (not met yet)',
      '○ A lowercase letter (not met yet)',
      '○ A digit (not met yet)',
      '○ A special character (not met yet)',
      `○ ${PERSONAL_RULE} (not met yet)`,
      '• Not a commonly used password (checked when you save)',
    ]);

    // Five rules met, but the password holds the invited person's first name.
    const named = 'Zq9#joan-x7';
    await page.getByLabel('Password', { exact: true }).fill(named);
    await page.getByLabel('Confirm password', { exact: true }).fill(named);
    if (jsOn) {
      await poll(() => checklist(page)).toContain(`○ ${PERSONAL_RULE} (not met yet)`);
      expect((await checklist(page)).filter((line) => line.startsWith('✓'))).toHaveLength(5);
    }
    await submit(page, page.getByRole('button', { name: 'Accept invitation', exact: true }));
    await poll(() => fieldErrors(page, 'password')).toContain(PERSONAL_REFUSAL);
    expect(new URL(page.url()).pathname).toBe(new URL(link, page.url()).pathname);

    // A password without it: every rule the browser can judge is ticked, and it is accepted.
    await page.getByLabel('Password', { exact: true }).fill(JOAN.password);
    await page.getByLabel('Confirm password', { exact: true }).fill(JOAN.password);
    if (jsOn) {
      await poll(() => checklist(page)).toContain(`✓ ${PERSONAL_RULE} (met)`);
      expect((await checklist(page)).filter((line) => line.startsWith('✓'))).toHaveLength(6);
    }
    await submit(page, page.getByRole('button', { name: 'Accept invitation', exact: true }));
    await waitForPath(page, '/settings/profile');
  });

  test('changing one’s password refuses one with one’s own name, with the rule’s message', async () => {
    const { page } = await signedInPage(ALAN);
    await page.goto('/settings/security');
    const form = formWith(page, 'Change password');
    expect((await checklist(page)).some((line) => line.includes(PERSONAL_RULE))).toBe(true);
    await form.getByLabel('Current password', { exact: true }).fill(ALAN.password);
    await form.getByLabel('New password', { exact: true }).fill('Turing!Machine42');
    await form.getByLabel('Confirm new password', { exact: true }).fill('Turing!Machine42');
    await submit(page, form.getByRole('button', { name: 'Change password', exact: true }));
    await poll(() => fieldErrors(page, 'newPassword')).toContain(PERSONAL_REFUSAL);
  });
});
