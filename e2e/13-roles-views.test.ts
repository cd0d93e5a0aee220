import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { formWith, messagesIn, poll, submit } from './support/account';
import { headingOf, signedInPage, useBrowser, waitForPath } from './support/browser';
import { usePerson } from './support/fixtures';

// Roles, a role's page, "User assignments" and "Check a user" are views of their own, with tabs
// between them that are plain links (so they work the same with JavaScript off).
useBrowser();
const RHEA = usePerson('Rhea', 'Tabs');
const RHEA_LABEL = `${RHEA.firstName} ${RHEA.lastName} (${RHEA.email})`;
const VIEWS = ['Roles', 'User assignments', 'Check a user'];

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Roles sections' });

/** The tabs' names, and which one is the current page. */
async function tabState(page: Page): Promise<{ names: string[]; current: string[] }> {
  const links = tabs(page).getByRole('link');
  const names = (await links.allInnerTexts()).map((t) => t.trim());
  const current = (await tabs(page).locator('a[aria-current="page"]').allInnerTexts()).map((t) => t.trim());
  return { names, current };
}

async function openTab(page: Page, name: string, path: string): Promise<void> {
  await tabs(page).getByRole('link', { name, exact: true }).click();
  await waitForPath(page, path);
  await poll(() => tabState(page)).toEqual({ names: VIEWS, current: [name] });
}

describe('roles views', () => {
  test('each view is its own page, and the tabs lead from one to the next', async () => {
    const { page } = await signedInPage();
    await page.goto('/org-settings/roles');
    expect(await tabState(page)).toEqual({ names: VIEWS, current: ['Roles'] });
    expect(await headingOf(page)).toBe('Roles');
    expect(await page.getByRole('region', { name: 'Custom roles' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Managed roles' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'User assignments' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Check a user' }).count()).toBe(0);

    await openTab(page, 'User assignments', '/org-settings/roles/assignments');
    expect(await page.title()).toContain('User assignments');
    expect(await page.getByRole('region', { name: 'User assignments' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Custom roles' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Check a user' }).count()).toBe(0);

    await openTab(page, 'Check a user', '/org-settings/roles/check');
    expect(await page.title()).toContain('Check a user');
    expect(await page.getByRole('region', { name: 'Check a user' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'User assignments' }).count()).toBe(0);

    await openTab(page, 'Roles', '/org-settings/roles');
  });

  test("a role's page assigns it in User assignments, and Check a user shows where it comes from", async () => {
    const { page } = await signedInPage();
    await page.goto('/org-settings/roles/new');
    await page.getByLabel('Role name', { exact: true }).fill('Reviewer');
    await page.getByLabel('View audit log', { exact: true }).check();
    await page.getByRole('button', { name: 'Create role', exact: true }).click();
    await waitForPath(page, '/org-settings/roles');
    await page.getByRole('link', { name: 'Edit role Reviewer', exact: true }).click();
    await poll(() => headingOf(page)).toBe('Reviewer');

    await page.getByRole('link', { name: 'Assign this role: Reviewer', exact: true }).click();
    await waitForPath(page, '/org-settings/roles/assignments');
    const assign = formWith(page, 'Assign role');
    // The role comes chosen.
    const role = assign.getByLabel('Role', { exact: true });
    expect(await role.locator('option:checked').innerText()).toBe('Reviewer');
    await assign.getByLabel('Assign to', { exact: true }).selectOption({ label: RHEA_LABEL });
    await submit(page, assign.getByRole('button', { name: 'Assign role', exact: true }));
    await poll(() => messagesIn(formWith(page, 'Assign role'), 'status')).toContain('Role assigned.');
    await poll(() => page.getByRole('region', { name: 'User assignments' }).innerText()).toContain(RHEA.email);
    expect(new URL(page.url()).pathname).toBe('/org-settings/roles/assignments');

    await openTab(page, 'Check a user', '/org-settings/roles/check');
    await page.getByLabel('User', { exact: true }).selectOption({ label: RHEA_LABEL });
    await submit(page, page.getByRole('button', { name: 'Check', exact: true }));
    await waitForPath(page, '/org-settings/roles/check');
    const result = page.getByRole('table', { name: `Permissions of ${RHEA.firstName} ${RHEA.lastName}` });
    await poll(() => result.innerText()).toContain('Role Reviewer');
    expect(await result.innerText()).toContain('View audit log');
    // The address names the person, so the answer can be shared or reloaded.
    const userId = new URL(page.url()).searchParams.get('user');
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);

    // The address of the former single page leads to the view that replaced it.
    await page.goto(`/org-settings/roles?check=${userId}`);
    await waitForPath(page, '/org-settings/roles/check', `?user=${userId}`);
    expect(await tabState(page)).toEqual({ names: VIEWS, current: ['Check a user'] });
    await poll(() => result.innerText()).toContain('Role Reviewer');
  });

  test('someone without "Manage roles" finds none of the views', async () => {
    const them = await signedInPage(RHEA);
    them.expect404();
    for (const path of ['/org-settings/roles', '/org-settings/roles/assignments', '/org-settings/roles/check']) {
      const response = await them.page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
  });
});
