import type { Page } from 'playwright-core';
import { beforeAll } from 'vitest';

import { mode, OWNER, signIn, waitForPath, withPage } from './browser';
import { awaitLink } from './mail';

// What a spec needs before its first test, made through the product's own pages: the instance
// set up (the organization and its owner, as 01-setup creates them) and people of its own. Each
// spec file calls these itself, so any one of them runs alone on a fresh server, and no spec
// changes what another one signs in with: the owner is only ever read or used to administer.

/** A person a spec invites into the organization; the email carries the mode, as names repeat per server. */
export type Person = { firstName: string; lastName: string; email: string; password: string };

export type Role = 'Member' | 'Admin';

const PASSWORD = 'Their!Passw0rd-7';

/** Fills the setup form with the suite's organization and owner and sends it. */
export async function submitSetup(page: Page): Promise<void> {
  await page.goto('/setup');
  await page.getByLabel('Organization name', { exact: true }).fill(OWNER.orgName);
  await page.getByLabel('First name', { exact: true }).fill(OWNER.firstName);
  await page.getByLabel('Last name', { exact: true }).fill(OWNER.lastName);
  await page.getByLabel('Email', { exact: true }).fill(OWNER.email);
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
  await page.getByLabel('Confirm password', { exact: true }).fill(OWNER.password);
  await page.getByRole('button', { name: 'Create organization' }).click();
}

let setUp: Promise<void> | undefined;

/** Sets the instance up as 01-setup does when `/` still leads to /setup; otherwise leaves it be. */
export function ensureSetUp(): Promise<void> {
  setUp ??= withPage(async ({ page }) => {
    await page.goto('/');
    if (new URL(page.url()).pathname !== '/setup') return;
    await submitSetup(page);
    await waitForPath(page, '/settings/profile');
  });
  return setUp;
}

/** Sets the instance up before the spec's first test. Call after useBrowser(). */
export function useSetUp(): void {
  beforeAll(ensureSetUp);
}

/** Fills the invitation form at /org-settings/users/new (the page must be open). */
export async function fillInvitation(
  page: Page,
  email: string,
  firstName: string,
  lastName: string,
  role: Role = 'Member',
): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('First name', { exact: true }).fill(firstName);
  await page.getByLabel('Last name', { exact: true }).fill(lastName);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
}

/** On a page signed in as someone who may invite: sends the invitation and waits for the users list. */
export async function invite(page: Page, person: Person, role: Role = 'Member'): Promise<void> {
  await page.goto('/org-settings/users/new');
  await fillInvitation(page, person.email, person.firstName, person.lastName, role);
  await page.getByRole('button', { name: 'Invite user', exact: true }).click();
  await waitForPath(page, '/org-settings/users');
}

/** On a signed-out page: opens the link mailed to `person` and accepts it with their password. */
export async function acceptInvitation(page: Page, person: Person): Promise<void> {
  const link = await awaitLink(person.email, 'invite');
  await page.goto(link);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByLabel('Confirm password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Accept invitation', exact: true }).click();
  await waitForPath(page, '/settings/profile');
}

/** A person with this name, an address unique to the name and the mode, and a password of their own. */
export function person(firstName: string, lastName: string, password = PASSWORD): Person {
  const email = `${firstName}.${lastName}-${mode}@acme.test`.toLowerCase();
  return { firstName, lastName, email, password };
}

/**
 * A person of the spec's own: before its first test the owner invites them and they accept, so
 * the spec may change their password, photo or second factor without touching anyone else.
 * Call after useBrowser(); one invitation (one password hash) per call, so share it across tests.
 */
export function usePerson(firstName: string, lastName: string, role: Role = 'Member'): Person {
  const them = person(firstName, lastName);
  beforeAll(async () => {
    await ensureSetUp();
    await withPage(async ({ page }) => {
      await signIn(page);
      await waitForPath(page, '/settings/profile');
      await invite(page, them, role);
    });
    await withPage(({ page }) => acceptInvitation(page, them));
  });
  return them;
}
