import { eq } from 'drizzle-orm';
import { createElement, type ComponentProps } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';

import OrgSettingsLayout from '@/app/(org)/org-settings/layout';
import OrgSettingsIndex from '@/app/(org)/org-settings/page';
import { inviteUser } from '@/app/(org)/org-settings/users/new/actions';
import NewUserPage from '@/app/(org)/org-settings/users/new/page';
import UsersPage from '@/app/(org)/org-settings/users/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { ProfileMenu } from '@/components/shell/profile-menu';
import { getDb } from '@/db';
import { organizations, roleAssignments, roles } from '@/db/schema';
import { getCurrentPermissions, getCurrentSession, requireOrgAccess } from '@/lib/auth/current';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import { visibleOrgSections } from '@/lib/settings/org-nav';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

// "May open org settings" and "may invite" are one rule each, asked by the menu, the navigation,
// the index and the pages alike: a link is shown exactly when the page behind it opens.
useTestDatabase();

let orgId: string;
let ivy: TestClient;
let mo: TestClient;
let rita: TestClient;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

const setPolicy = async (invitePolicy: 'admins' | 'managers' | 'everyone') =>
  (await getDb()).update(organizations).set({ invitePolicy }).where(eq(organizations.id, orgId));

async function menu(browser: TestClient) {
  return browser.run(async () => {
    const current = (await getCurrentSession())!;
    const props = { locale: 'en', timeZone: 'UTC', messages: compiledMessagesFor('en') } as ComponentProps<
      typeof IntlProvider
    >;
    const stream = await renderToReadableStream(createElement(IntlProvider, props, await ProfileMenu({ current })));
    await stream.allReady;
    return new Response(stream).text();
  });
}

async function usersPageHtml(browser: TestClient) {
  return browser.run(async () => {
    const props = { locale: 'en', timeZone: 'UTC', messages: compiledMessagesFor('en') } as ComponentProps<
      typeof IntlProvider
    >;
    const page = await UsersPage({ searchParams: Promise.resolve({}) });
    const stream = await renderToReadableStream(createElement(IntlProvider, props, page));
    await stream.allReady;
    return new Response(stream).text();
  });
}

/**
 * Every place that offers "New user" to this person — the navigation's entry, the users page's
 * link — and whether the page and the action behind it let them in. One rule decides all four.
 */
async function inviteSurface(browser: TestClient) {
  const nav = (await navSlugs(browser)).result!.includes('users/new');
  const users = await usersPageHtml(browser);
  const link = !users.notFound && users.result!.includes('href="/org-settings/users/new"');
  const page = !(await browser.run(() => NewUserPage())).notFound;
  const action = !(await browser.action(inviteUser, {})).notFound;
  return { offered: nav || link, page, action };
}

/** The org navigation as the layout builds it. */
async function navSlugs(browser: TestClient) {
  return browser.run(async () =>
    visibleOrgSections((await getCurrentSession())!, await getCurrentPermissions()).map((s) => s.slug),
  );
}

beforeAll(async () => {
  const { org } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  orgId = org.id;
  const ivyUser = await addUser(orgId, { email: 'ivy@acme.test', firstName: 'Ivy' });
  await addUser(orgId, { email: 'mo@acme.test', firstName: 'Mo' });
  const [inviter] = await (
    await getDb()
  )
    .insert(roles)
    .values({ orgId, name: 'Inviter', permissions: ['users.invite'] })
    .returning();
  await (await getDb()).insert(roleAssignments).values({ orgId, roleId: inviter.id, userId: ivyUser.id });
  // Rita reads the users list and holds users.invite through a custom role: the users page's own link.
  const ritaUser = await addUser(orgId, { email: 'rita@acme.test', firstName: 'Rita' });
  const [reader] = await (
    await getDb()
  )
    .insert(roles)
    .values({ orgId, name: 'Reading inviter', permissions: ['users.read', 'users.invite'] })
    .returning();
  await (await getDb()).insert(roleAssignments).values({ orgId, roleId: reader.id, userId: ritaUser.id });
  ivy = await signIn('ivy@acme.test');
  rita = await signIn('rita@acme.test');
  mo = await signIn('mo@acme.test');
});

describe('a member whose custom role grants only users.invite', () => {
  it('under "Admins only" sees no Org settings and no New user link, and every page behind them is 404', async () => {
    await setPolicy('admins');
    expect((await menu(ivy)).result).not.toContain('Org settings');
    expect((await ivy.run(() => requireOrgAccess())).notFound).toBe(true);
    expect((await ivy.run(() => OrgSettingsIndex())).notFound).toBe(true);
    expect((await ivy.run(() => OrgSettingsLayout({ children: null }))).notFound).toBe(true);
    expect((await navSlugs(ivy)).result).toEqual([]);
    expect((await ivy.run(() => NewUserPage())).notFound).toBe(true);
  });

  it('under "Admins and managers" gets the invitation form, and the link leads to it', async () => {
    await setPolicy('managers');
    expect((await menu(ivy)).result).toContain('Org settings');
    expect((await ivy.run(() => OrgSettingsIndex())).redirect).toBe('/org-settings/users/new');
    expect((await navSlugs(ivy)).result).toEqual(['users/new']);
    expect((await ivy.run(() => NewUserPage())).notFound).toBeUndefined();
    // A plain member still has nothing there.
    expect((await menu(mo)).result).not.toContain('Org settings');
    expect((await mo.run(() => OrgSettingsIndex())).notFound).toBe(true);
  });

  it('under "Admins only" the users page shows no New user link to someone whose custom role grants users.invite', async () => {
    await setPolicy('admins');
    const html = (await usersPageHtml(rita)).result!;
    expect(html).toContain('Rita User');
    expect(html).not.toContain('href="/org-settings/users/new"');
    expect((await rita.run(() => NewUserPage())).notFound).toBe(true);
    expect((await rita.action(inviteUser, { email: 'x@acme.test' })).notFound).toBe(true);
  });

  it('under every policy, "New user" is offered exactly where the page and the action open', async () => {
    for (const policy of ['admins', 'managers', 'everyone'] as const) {
      await setPolicy(policy);
      for (const [name, browser] of [
        ['ivy', ivy],
        ['rita', rita],
        ['mo', mo],
      ] as const) {
        const { offered, page, action } = await inviteSurface(browser);
        expect({ policy, name, page }).toEqual({ policy, name, page: offered });
        expect({ policy, name, action }).toEqual({ policy, name, action: offered });
      }
    }
    await setPolicy('admins');
  });

  it('under "Everyone" any member gets the invitation form', async () => {
    await setPolicy('everyone');
    expect((await menu(mo)).result).toContain('Org settings');
    expect((await mo.run(() => OrgSettingsIndex())).redirect).toBe('/org-settings/users/new');
    await setPolicy('admins');
  });
});
