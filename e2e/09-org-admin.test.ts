import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { fieldErrors, formWith, messagesIn, poll, signOut, submit } from './support/account';
import {
  baseUrl,
  mode,
  newPage,
  openProfileMenu,
  OWNER,
  signedInPage,
  signIn,
  useBrowser,
  waitForPath,
} from './support/browser';
import { fillInvitation, person, useSetUp } from './support/fixtures';
import { awaitLink, mailTo } from './support/mail';

// The owner administers (the instance is set up first if 01 did not run) and the spec builds on
// itself: the member invited by the first test is used by the later tests, in file order.
useBrowser();
useSetUp();

const BOB = person('Bob', 'Builder', 'An0ther!Passw0rd-y');
const BOB_NAME = `${BOB.firstName} ${BOB.lastName}`;
const EVE_EMAIL = `eve-${mode}@evil.test`;

describe('invitations', () => {
  test('an invited person gets a mail, accepts it and can sign in', async () => {
    const { page } = await signedInPage();
    await page.goto('/org-settings/users');
    await page.getByRole('link', { name: 'New user', exact: true }).click();
    await waitForPath(page, '/org-settings/users/new');
    await fillInvitation(page, BOB.email, BOB.firstName, BOB.lastName);
    await page.getByRole('button', { name: 'Invite user', exact: true }).click();

    // The inviter can see the list, so the form hands over to it with the pending invitation.
    await waitForPath(page, '/org-settings/users');
    const pending = page.getByRole('region', { name: 'Pending invitations' });
    await poll(() => pending.innerText()).toContain(BOB.email);
    expect(await messagesIn(pending, 'status')).toContain(`Invitation sent to ${BOB.email}.`);

    // The invited person's own mail, as their inbox gets it.
    const link = await awaitLink(BOB.email, 'invite');
    const token = link.slice(link.lastIndexOf('/') + 1);
    const [mail] = await mailTo(BOB.email);

    // The owner's mailbox on this production server lists the invitation but not its body: the
    // link in it creates the invited account for whoever opens it.
    await page.goto('/dev/mailbox');
    const listed = page.locator('article').filter({ hasText: BOB.email });
    expect(await listed.count()).toBeGreaterThan(0);
    expect(await listed.first().innerText()).toContain(mail.subject);
    const shown = await page.locator('main').innerText();
    expect(shown).toContain('Mail bodies hold secret links (invitations, password resets, email confirmations)');
    expect(shown).not.toContain('/invite/');
    expect(shown).not.toContain(token);
    expect(shown).not.toContain('Accept the invitation and choose your password');
    expect(await page.content()).not.toContain(token);

    // The mailbox is a bare page without the header: sign out from a settings page.
    await page.goto('/settings/profile');
    await signOut(page);

    const invited = await newPage();
    await invited.page.goto(link);
    expect(await invited.page.locator('main').innerText()).toContain(BOB.email);
    await invited.page.getByLabel('Password', { exact: true }).fill(BOB.password);
    await invited.page.getByLabel('Confirm password', { exact: true }).fill(BOB.password);
    await invited.page.getByRole('button', { name: 'Accept invitation', exact: true }).click();
    await waitForPath(invited.page, '/settings/profile');
    await poll(() => invited.page.locator('main').innerText()).toContain(BOB.email);
    await signOut(invited.page);

    await signIn(invited.page, BOB.email, BOB.password);
    await waitForPath(invited.page, '/settings/profile');
    expect(await invited.page.locator('main').innerText()).toContain(BOB.email);

    // The link is spent.
    await invited.page.goto(link);
    expect(await invited.page.locator('main').getByRole('alert').innerText()).toContain('already been accepted');
  });
});

describe('custom roles', () => {
  test('a role with "View people" opens the users list to a member, and nothing else', async () => {
    const { page } = await signedInPage();
    await page.goto('/org-settings/roles');
    await page.getByRole('link', { name: 'New role', exact: true }).click();
    await waitForPath(page, '/org-settings/roles/new');
    await page.getByLabel('Role name', { exact: true }).fill('Viewer');
    await page.getByLabel('View people', { exact: true }).check();
    await page.getByRole('button', { name: 'Create role', exact: true }).click();
    await waitForPath(page, '/org-settings/roles');
    const custom = page.getByRole('region', { name: 'Custom roles' });
    await poll(() => custom.innerText()).toContain('Viewer');
    // Only the one permission was stored.
    const granted = await custom.locator('li').filter({ hasText: 'Viewer' }).innerText();
    expect(granted).toContain('View people');
    expect(granted).not.toMatch(/Invite people|Manage people|Manage groups|Manage roles/);

    // Assignments are a view of their own, one tab along.
    await page
      .getByRole('navigation', { name: 'Roles sections' })
      .getByRole('link', { name: 'User assignments', exact: true })
      .click();
    await waitForPath(page, '/org-settings/roles/assignments');
    const assign = formWith(page, 'Assign role');
    await assign.getByLabel('Role', { exact: true }).selectOption({ label: 'Viewer' });
    await assign.getByLabel('Assign to', { exact: true }).selectOption({ label: `${BOB_NAME} (${BOB.email})` });
    await submit(page, assign.getByRole('button', { name: 'Assign role', exact: true }));
    await poll(() => messagesIn(formWith(page, 'Assign role'), 'status')).toContain('Role assigned.');
    await poll(() => page.getByRole('region', { name: 'User assignments' }).innerText()).toContain(BOB.email);

    const bob = await newPage();
    await signIn(bob.page, BOB.email, BOB.password);
    await waitForPath(bob.page, '/settings/profile');
    const menu = await openProfileMenu(bob.page);
    expect(await menu.getByRole('link', { name: 'Org settings', exact: true }).count()).toBe(1);

    const users = await bob.page.goto('/org-settings/users');
    expect(users?.status()).toBe(200);
    await poll(() => bob.page.locator('main').innerText()).toContain(`${OWNER.firstName} ${OWNER.lastName}`);
    // Reading only: no way to invite, and the org navigation offers nothing else.
    expect(await bob.page.getByRole('link', { name: 'New user', exact: true }).count()).toBe(0);
    const nav = bob.page.getByRole('navigation', { name: 'Organization settings' });
    expect((await nav.getByRole('link').allInnerTexts()).map((t) => t.trim())).toEqual(['Users']);
    // An owner's page shows their details but no form to change them.
    await bob.page
      .locator('main')
      .getByRole('link', { name: `${OWNER.firstName} ${OWNER.lastName}` })
      .first()
      .click();
    await poll(() => bob.page.locator('main').innerText()).toContain(OWNER.email);
    for (const button of ['Change email', 'Change role', 'Deactivate']) {
      expect(await bob.page.getByRole('button', { name: button, exact: true }).count(), button).toBe(0);
    }

    bob.expect404();
    for (const path of [
      '/org-settings/roles',
      '/org-settings/groups',
      '/org-settings/invite-policy',
      '/org-settings/security',
      '/org-settings/notifications',
      '/org-settings/audit-log',
      '/org-settings/users/new',
    ]) {
      const response = await bob.page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
  });
});

describe('groups', () => {
  test('a new group gets a member and exports them as CSV', async () => {
    const { page, context } = await signedInPage();
    await page.goto('/org-settings/groups');
    await page.getByRole('link', { name: 'New group', exact: true }).click();
    await waitForPath(page, '/org-settings/groups/new');
    await page.getByLabel('Group name', { exact: true }).fill('Helpdesk');
    await page.getByLabel('Group type', { exact: true }).selectOption({ label: 'Team' });
    await page.getByLabel('Group visibility', { exact: true }).selectOption({ label: 'Public' });
    await page.getByRole('button', { name: 'Create group', exact: true }).click();
    await page.waitForURL(
      (url) => /^\/org-settings\/groups\/[^/]+$/.test(url.pathname) && url.pathname !== '/org-settings/groups/new',
    );
    await poll(() => page.locator('h1').innerText()).toContain('Helpdesk');

    // Opened again from the list, as someone coming back to it would.
    const groupPath = new URL(page.url()).pathname;
    await page.goto('/org-settings/groups');
    await page.getByRole('link', { name: 'Helpdesk', exact: true }).click();
    await waitForPath(page, groupPath);

    await page.getByLabel('Find people', { exact: true }).fill('bob');
    // Without JavaScript the search is a GET form; with it the list follows the typing.
    await submit(page, page.getByRole('button', { name: 'Search', exact: true }));
    const add = page.getByRole('button', { name: `Add ${BOB_NAME} to the group`, exact: true });
    await add.waitFor();
    await submit(page, add);
    await poll(() => page.getByRole('list', { name: 'Members of the group' }).innerText()).toContain(BOB.email);

    // The export runs as a background task; its file is downloaded from Background tasks once done.
    await submit(page, page.getByRole('button', { name: 'Export members', exact: true }));
    await waitForPath(page, '/settings/background-tasks');
    const download = page
      .getByRole('row')
      .filter({ hasText: 'Helpdesk members.csv' })
      .first()
      .getByRole('link', { name: /^Download/ });
    await expect
      .poll(
        async () => {
          if (await download.count()) return true;
          await page.reload();
          return false;
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(true);
    const href = (await download.first().getAttribute('href'))!;
    const cookie = (await context.cookies(baseUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
    const response = await fetch(new URL(href, baseUrl), { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = await response.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('email,first_name,last_name,username,added_at');
    expect(lines.slice(1).some((line) => line.startsWith(`${BOB.email},${BOB.firstName},${BOB.lastName},`))).toBe(true);
  });
});

describe('invite policy', () => {
  async function saveDomains(page: Page, domains: string): Promise<void> {
    await page.goto('/org-settings/invite-policy');
    const form = formWith(page, 'Save changes');
    await form.getByLabel('Allowed email domains', { exact: true }).fill(domains);
    await submit(page, form.getByRole('button', { name: 'Save changes', exact: true }));
    await poll(() => messagesIn(formWith(page, 'Save changes'), 'status')).toContain('Invite policy saved.');
  }

  test('an email outside the allowed domains is refused at the Email field', async () => {
    const { page } = await signedInPage();
    await saveDomains(page, 'acme.test');
    try {
      await page.goto('/org-settings/users/new');
      await fillInvitation(page, EVE_EMAIL, 'Eve', 'Evil');
      await submit(page, page.getByRole('button', { name: 'Invite user', exact: true }));
      await poll(() => fieldErrors(page, 'email')).toContain(
        "This email domain is not allowed by your organization's invite policy.",
      );
      expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(new URL(page.url()).pathname).toBe('/org-settings/users/new');

      await page.goto('/org-settings/users');
      const pending = await page.getByRole('region', { name: 'Pending invitations' }).innerText();
      expect(pending).not.toContain(EVE_EMAIL);
    } finally {
      await saveDomains(page, '');
    }
    expect(await page.getByLabel('Allowed email domains', { exact: true }).inputValue()).toBe('');
  });
});
