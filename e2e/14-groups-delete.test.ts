import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { fieldErrors, messagesIn, poll, submit } from './support/account';
import { headingOf, hydrated, jsOn, signedInPage, useBrowser, waitForPath } from './support/browser';
import { useSetUp } from './support/fixtures';

// "Delete" on a row of the groups list: with JavaScript a dialog that names the group, without
// it a confirmation page with the same form. Either way the list then says what went.
useBrowser();
useSetUp();

const WRONG_NAME = 'Type the group name exactly as shown to delete it.';

/** Creates a group through the form and returns its page's path. */
async function createGroup(page: Page, name: string): Promise<string> {
  await page.goto('/org-settings/groups/new');
  await page.getByLabel('Group name', { exact: true }).fill(name);
  await page.getByLabel('Group type', { exact: true }).selectOption({ label: 'Team' });
  await page.getByLabel('Group visibility', { exact: true }).selectOption({ label: 'Public' });
  await page.getByRole('button', { name: 'Create group', exact: true }).click();
  await page.waitForURL(
    (url) => /^\/org-settings\/groups\/[^/]+$/.test(url.pathname) && url.pathname !== '/org-settings/groups/new',
  );
  return new URL(page.url()).pathname;
}

/** Types the confirmation and presses "Delete group" in `scope` (the dialog, or the page). */
async function confirm(page: Page, scope: Locator, typed: string): Promise<void> {
  await scope.getByLabel('Type the group name to confirm', { exact: true }).fill(typed);
  await submit(page, scope.getByRole('button', { name: 'Delete group', exact: true }));
}

async function expectDeleted(page: Page, name: string): Promise<void> {
  await waitForPath(page, '/org-settings/groups');
  await poll(() => messagesIn(page.locator('main'), 'status')).toContain(`Group “${name}” deleted.`);
  expect(await page.getByRole('link', { name, exact: true }).count()).toBe(0);
  expect(await page.getByRole('link', { name: `Delete group ${name}`, exact: true }).count()).toBe(0);
}

describe('deleting a group', () => {
  test('from the list: Delete asks, naming the group, and the list then says it is gone', async () => {
    const { page } = await signedInPage();
    const name = 'Night shift';
    const groupPath = await createGroup(page, name);
    await page.goto('/org-settings/groups');
    const remove = page.getByRole('link', { name: `Delete group ${name}`, exact: true });

    let scope: Locator;
    if (jsOn) {
      const dialog = page.getByRole('dialog', { name: `Delete the group “${name}”?` });
      // Escape, like Cancel, closes it, and nothing is deleted. Before hydration the link would
      // open the confirmation page instead of the dialog.
      await hydrated(page);
      await remove.click();
      await dialog.waitFor();
      expect(new URL(page.url()).pathname).toBe('/org-settings/groups');
      expect(await dialog.innerText()).toContain('The group and the roles given through it are deleted.');
      // The typing starts in the dialog.
      await poll(() =>
        page.evaluate(() => document.activeElement?.getAttribute('id') ?? document.activeElement?.tagName),
      ).toBe('delete-confirm-name');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await remove.click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.getByRole('link', { name, exact: true }).count()).toBe(1);
      await remove.click();
      await dialog.waitFor();
      scope = dialog;
    } else {
      await remove.click();
      await waitForPath(page, `${groupPath}/delete`);
      expect(await headingOf(page)).toBe(`Delete the group “${name}”?`);
      scope = page.locator('main');
      expect(await scope.innerText()).toContain('The group and the roles given through it are deleted.');
    }

    // A name that is not the group's deletes nothing.
    await confirm(page, scope, 'Night');
    await poll(() => fieldErrors(page, 'delete-confirm-name')).toContain(WRONG_NAME);
    await confirm(page, scope, name);
    await expectDeleted(page, name);

    // Its pages are gone with it.
    for (const path of [groupPath, `${groupPath}/delete`]) {
      expect((await page.request.get(path)).status(), path).toBe(404);
    }
  });

  test("from the group's page, with the same confirmation", async () => {
    const { page } = await signedInPage();
    const name = 'Weekend desk';
    await createGroup(page, name);
    const card = page.getByRole('region', { name: 'Delete group' });
    await confirm(page, card, name);
    await expectDeleted(page, name);
  });

  test('the confirmation page of a group that does not exist is not found', async () => {
    const t = await signedInPage();
    t.expect404();
    const response = await t.page.goto(`/org-settings/groups/${crypto.randomUUID()}/delete`);
    expect(response?.status()).toBe(404);
  });
});
