import { describe, expect, test } from 'vitest';

import { fieldErrors, formWith, messagesIn, poll, submit } from './support/account';
import { screenshot, signedInPage, useBrowser, waitForPath } from './support/browser';
import { usePerson } from './support/fixtures';

// Requiring two-factor authentication with a grace period: the admin without it is warned by
// name first, people without it keep working with a reminder of the deadline, and the admin can
// take it back. What happens once the deadline has passed is tested across an injected clock in
// tests/integration/org-policies.test.ts.
useBrowser();
const DOROTHY = usePerson('Dorothy', 'Vaughan', 'Admin');
const MARY = usePerson('Mary', 'Jackson');

const SAVE = 'Save security policy';

describe('two-factor requirement with a grace period', () => {
  test('warns the admin by name, then lets everyone work with a reminder until the deadline', async () => {
    const { page } = await signedInPage(DOROTHY);
    await page.goto('/org-settings/security');
    const form = formWith(page, SAVE);
    const warning = page.locator('#own-mfa-warning');
    expect(await warning.innerText()).toContain(`You, Dorothy Vaughan (${DOROTHY.email}), have not set up`);
    expect(await form.getByLabel('Grace period', { exact: true }).inputValue()).toBe('3');
    // The people who have not set it up yet, by name.
    const without = page.getByRole('region', { name: 'Without two-factor authentication', exact: true });
    expect(await without.innerText()).toContain('Mary Jackson');

    await form.getByLabel('Require two-factor authentication for everyone', { exact: true }).check();
    await submit(page, form.getByRole('button', { name: SAVE }));
    await poll(() => fieldErrors(page, 'confirm-own-mfa')).toContain('tick the box to confirm');
    await page.goto('/settings/general');
    expect(new URL(page.url()).pathname, 'nothing was saved').toBe('/settings/general');
    expect(await page.locator('#mfa-reminder').count()).toBe(0);

    await page.goto('/org-settings/security');
    await form.getByLabel('Require two-factor authentication for everyone', { exact: true }).check();
    await form.getByLabel('Grace period', { exact: true }).selectOption('7');
    await form.getByLabel('I understand, and will set it up myself', { exact: true }).check();
    await submit(page, form.getByRole('button', { name: SAVE }));
    await poll(() => messagesIn(form, 'status')).toContain('Security policy saved.');
    await page.goto('/org-settings/security');
    expect(await page.locator('#mfa-required-from').innerText()).toMatch(/^Required from .+\./);
    await screenshot(page, 'org-security-grace');

    const member = await signedInPage(MARY);
    await member.page.goto('/settings/general');
    expect(new URL(member.page.url()).pathname, 'still free to work').toBe('/settings/general');
    const reminder = member.page.locator('#mfa-reminder');
    expect(await reminder.innerText()).toMatch(
      /Acme .*requires two-factor authentication from .+ You can keep working/,
    );
    await reminder.getByRole('link', { name: 'Set it up now' }).click();
    await waitForPath(member.page, '/settings/security');
    await screenshot(member.page, 'security-grace-reminder');

    // Taken back: the reminder goes.
    await page.goto('/org-settings/security');
    await form.getByLabel('Require two-factor authentication for everyone', { exact: true }).uncheck();
    await submit(page, form.getByRole('button', { name: SAVE }));
    await poll(() => messagesIn(form, 'status')).toContain('Security policy saved.');
    await member.page.goto('/settings/general');
    expect(await member.page.locator('#mfa-reminder').count()).toBe(0);
  });
});
