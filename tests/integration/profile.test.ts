import { and, eq, inArray } from 'drizzle-orm';
import { createElement } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';

import { updateProfile } from '@/app/(account)/settings/profile/actions';
import ProfilePage from '@/app/(account)/settings/profile/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { I18nProvider } from '@/components/i18n-provider';
import { getDb } from '@/db';
import { auditLog, groupMembers, groups, organizations, roleAssignments, roles, users } from '@/db/schema';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import { profileFormFields, profileFormValues } from '@/lib/profile/form-values';
import { revalidated } from '@/tests/shims/next-cache';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

const STALE =
  'This profile was changed elsewhere after you opened it. Reload to see the latest version; your changes were not saved.';

let orgId: string;
let otherOrgId: string;
let adaId: string;
let graceId: string;
let outsiderId: string;
let ada: TestClient;
let grace: TestClient;

async function signIn(email: string, ip: string): Promise<TestClient> {
  const browser = new TestClient(ip);
  const outcome = await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD });
  expect(outcome.redirect).toBe('/settings/profile');
  return browser;
}

/** The fields the form posts, as a browser without JavaScript sends them (one blank contact row). */
async function form(userId: string, fields: Record<string, string | string[]> = {}) {
  const user = await getUser(userId);
  return {
    ...profileFormFields(profileFormValues(user)),
    [`contacts.${user.contacts.length}.kind`]: '',
    [`contacts.${user.contacts.length}.handle`]: '',
    ...fields,
  };
}

function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

async function auditEntries(userId: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'profile.updated'), eq(auditLog.targetId, userId)));
}

async function renderProfilePage(browser: TestClient): Promise<string> {
  const outcome = await browser.run(async () => {
    const page = await ProfilePage({ searchParams: Promise.resolve({}) });
    const user = await getUser(adaId);
    const props = { locale: user.locale, timeZone: 'UTC', messages: compiledMessagesFor('en') } as Parameters<
      typeof I18nProvider
    >[0];
    const tree = createElement(I18nProvider, props, page);
    const stream = await renderToReadableStream(tree);
    await stream.allReady;
    return new Response(stream).text();
  });
  return outcome.result!;
}

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({
    orgName: 'Analytical Engines',
    email: 'ada@engines.test',
    role: 'member',
  });
  orgId = org.id;
  adaId = user.id;
  graceId = (await addUser(org.id, { email: 'grace@engines.test', role: 'admin', firstName: 'Grace' })).id;
  const other = await createOrgWithUser({ orgName: 'Elsewhere', email: 'outsider@elsewhere.test', role: 'owner' });
  otherOrgId = other.org.id;
  outsiderId = other.user.id;
  await (await getDb()).update(users).set({ username: 'outsider' }).where(eq(users.id, outsiderId));
  ada = await signIn('ada@engines.test', '203.0.113.21');
  grace = await signIn('grace@engines.test', '203.0.113.22');
});

describe('saving the profile', () => {
  it('stores every field, normalised, bumps the version and audits the changed field names', async () => {
    const before = await getUser(adaId);
    const outcome = await ada.action(
      updateProfile,
      await form(adaId, {
        firstName: ' Ada ',
        lastName: 'Lovelace',
        displayName: 'Countess of Lovelace',
        username: 'Ada.King',
        jobTitle: 'Analyst',
        phone: '(201) 555-0123',
        dateOfBirth: '1990-12-10',
        'contacts.0.kind': 'telegram',
        'contacts.0.handle': ' @ada ',
        'contacts.1.kind': 'slack',
        'contacts.1.handle': 'ada.king',
        'contacts.2.kind': '',
        'contacts.2.handle': '',
      }),
    );
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Profile saved' });

    const after = await getUser(adaId);
    expect(after).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      displayName: 'Countess of Lovelace',
      username: 'ada.king',
      jobTitle: 'Analyst',
      phone: '+12015550123',
      dateOfBirth: '1990-12-10',
      contacts: [
        { kind: 'telegram', handle: '@ada' },
        { kind: 'slack', handle: 'ada.king' },
      ],
      version: before.version + 1,
    });
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());

    const [entry] = await auditEntries(adaId);
    expect(entry).toMatchObject({ orgId, actorUserId: adaId, targetType: 'user', ip: '203.0.113.21' });
    expect((entry.data.fields as string[]).sort()).toEqual(
      ['contacts', 'dateOfBirth', 'displayName', 'firstName', 'jobTitle', 'lastName', 'phone', 'username'].sort(),
    );
    expect(JSON.stringify(entry.data)).not.toMatch(/2015550123|ada\.king|Analyst|1990/);
  });

  it('removes ticked rows and clears emptied fields without JavaScript, and takes repeated keys too', async () => {
    const outcome = await ada.action(
      updateProfile,
      await form(adaId, { 'contacts.0.remove': 'on', jobTitle: '', displayName: '  ' }),
    );
    expect(outcome.result?.status).toBe('success');
    const after = await getUser(adaId);
    expect(after.contacts).toEqual([{ kind: 'slack', handle: 'ada.king' }]);
    expect(after.jobTitle).toBeNull();
    expect(after.displayName).toBeNull();

    const fields = await form(adaId);
    for (const key of Object.keys(fields)) if (key.startsWith('contacts.')) delete fields[key as keyof typeof fields];
    const repeated = await ada.action(updateProfile, {
      ...fields,
      'contacts.kind': ['whatsapp', 'signal'],
      'contacts.handle': ['+4915112345678', 'ada-signal'],
    });
    expect(repeated.result?.status).toBe('success');
    expect((await getUser(adaId)).contacts).toEqual([
      { kind: 'whatsapp', handle: '+4915112345678' },
      { kind: 'signal', handle: 'ada-signal' },
    ]);
  });

  it('reads a national number in the region of the user language', async () => {
    const db = await getDb();
    await db.update(users).set({ locale: 'de' }).where(eq(users.id, adaId));
    const outcome = await ada.action(updateProfile, await form(adaId, { phone: '030 12345678' }));
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Profil gespeichert' });
    expect((await getUser(adaId)).phone).toBe('+493012345678');
    await db.update(users).set({ locale: 'en' }).where(eq(users.id, adaId));
    const international = await ada.action(updateProfile, await form(adaId, { phone: '+7 912 345-67-89' }));
    expect(international.result?.status).toBe('success');
    expect((await getUser(adaId)).phone).toBe('+79123456789');
  });

  it('answers with the stored values and their new version, and renders the page again only when the name changed', async () => {
    const before = await getUser(adaId);
    revalidated.length = 0;
    const first = await ada.action(updateProfile, await form(adaId, { jobTitle: ' Engineer ', phone: '2015550123' }));
    expect(first.result).toMatchObject({
      status: 'success',
      values: { version: String(before.version + 1), jobTitle: 'Engineer', phone: '+1 201 555 0123' },
    });
    expect(revalidated).toEqual([]);

    // The next save is based on what the answer carried, with no page loaded in between.
    const next = await ada.action(updateProfile, {
      ...first.result!.values!,
      jobTitle: 'Lead engineer',
      firstName: 'Augusta',
    });
    expect(next.result).toMatchObject({
      status: 'success',
      values: { version: String(before.version + 2), firstName: 'Augusta' },
    });
    expect(revalidated).toContain('/settings/profile');
    expect(await getUser(adaId)).toMatchObject({ jobTitle: 'Lead engineer', firstName: 'Augusta' });
    await ada.action(updateProfile, await form(adaId, { firstName: 'Ada' }));
  });

  it('saves nothing and writes no audit entry when nothing changed', async () => {
    const before = await getUser(adaId);
    const entries = (await auditEntries(adaId)).length;
    const outcome = await ada.action(updateProfile, await form(adaId));
    expect(outcome.result?.status).toBe('success');
    expect((await getUser(adaId)).version).toBe(before.version);
    expect(await auditEntries(adaId)).toHaveLength(entries);
  });
});

describe('refusing invalid input', () => {
  async function expectRefused(fields: Record<string, string | string[]>, errors: Record<string, RegExp>) {
    const before = await getUser(adaId);
    const outcome = await ada.action(updateProfile, await form(adaId, fields));
    expect(outcome.result?.status).toBe('error');
    for (const [field, message] of Object.entries(errors)) {
      expect(outcome.result?.fieldErrors?.[field]?.[0], field).toMatch(message);
    }
    expect(await getUser(adaId)).toEqual(before);
    return outcome.result!;
  }

  it('lists every field error at once, not only the first', async () => {
    const result = await expectRefused(
      {
        firstName: '',
        username: 'a b',
        phone: '12345',
        dateOfBirth: '2999-01-01',
        'contacts.0.kind': 'icq',
        'contacts.0.handle': 'ada',
      },
      {
        firstName: /Fill in/,
        username: /3 to 32 characters/,
        phone: /valid phone number/,
        dateOfBirth: /future/,
        'contacts.0.kind': /listed services/,
      },
    );
    expect(result.message).toBe('Check the highlighted fields.');
  });

  it.each([
    ['an empty first name', 'firstName', '', 'Fill in this field.'],
    ['a first name of only spaces', 'firstName', '   ', 'Fill in this field.'],
    ['a first name over 100 characters', 'firstName', 'x'.repeat(101), 'This is too long.'],
    ['an empty last name', 'lastName', '', 'Fill in this field.'],
    ['a last name of only whitespace', 'lastName', ' \t ', 'Fill in this field.'],
    ['a last name over 100 characters', 'lastName', 'x'.repeat(101), 'This is too long.'],
    ['a display name over 100 characters', 'displayName', 'x'.repeat(101), 'This is too long.'],
    ['a display name over 100 characters once trimmed', 'displayName', ` ${'x'.repeat(101)} `, 'This is too long.'],
    ['a job title over 100 characters', 'jobTitle', 'x'.repeat(101), 'This is too long.'],
    ['a job title of 5000 characters', 'jobTitle', 'x'.repeat(5000), 'This is too long.'],
  ])('refuses %s with an error on that field alone, saving nothing', async (_label, field, value, message) => {
    const entries = (await auditEntries(adaId)).length;
    const result = await expectRefused({ [field]: value }, {});
    expect(result.message).toBe('Check the highlighted fields.');
    expect(result.fieldErrors).toEqual({ [field]: [message] });
    expect(result.values?.[field]).toBe(value);
    expect(await auditEntries(adaId)).toHaveLength(entries);
  });

  it.each([
    ['first name', 'firstName'],
    ['last name', 'lastName'],
  ])('refuses a form that leaves out the %s field, saving nothing', async (_label, field) => {
    const before = await getUser(adaId);
    const fields: Record<string, string | string[]> = await form(adaId);
    delete fields[field];
    const outcome = await ada.action(updateProfile, fields);
    expect(outcome.result?.status).toBe('error');
    expect(outcome.result?.fieldErrors).toEqual({ [field]: ['Fill in this field.'] });
    expect(await getUser(adaId)).toEqual(before);
  });

  it('takes names, display name and job title of exactly 100 characters once trimmed', async () => {
    const before = await getUser(adaId);
    const long = {
      firstName: 'F'.repeat(100),
      lastName: 'L'.repeat(100),
      displayName: ` ${'D'.repeat(100)} `,
      jobTitle: `${'J'.repeat(100)}  `,
    };
    const outcome = await ada.action(updateProfile, await form(adaId, long));
    expect(outcome.result?.status).toBe('success');
    expect(await getUser(adaId)).toMatchObject({
      firstName: 'F'.repeat(100),
      lastName: 'L'.repeat(100),
      displayName: 'D'.repeat(100),
      jobTitle: 'J'.repeat(100),
      version: before.version + 1,
    });
    const restore = {
      firstName: before.firstName,
      lastName: before.lastName,
      displayName: before.displayName ?? '',
      jobTitle: before.jobTitle ?? '',
    };
    expect((await ada.action(updateProfile, await form(adaId, restore))).result?.status).toBe('success');
  });

  it.each([['ab'], ['x'.repeat(33)], ['ada lovelace'], ['ada@home'], ['adä']])(
    'refuses the username %j',
    async (username) => {
      await expectRefused({ username }, { username: /3 to 32 characters/ });
    },
  );

  it.each([['12345'], ['+1 999 999 9999'], ['call me at +1 201 555 0123'], ['+49 1234']])(
    'refuses the phone number %j',
    async (phone) => {
      await expectRefused({ phone }, { phone: /valid phone number/ });
    },
  );

  it('refuses a phone number with an extension rather than dropping it', async () => {
    await expectRefused({ phone: '+1 201 555 0123 ext. 7' }, { phone: /extension/ });
  });

  it.each([
    [isoDaysAgo(-1), /future/],
    ['1900-01-01', /after 1 January 1900/],
    ['1066-10-14', /after 1 January 1900/],
    [isoDaysAgo(365 * 10), /at least 13/],
    ['2001-02-30', /valid date/],
    ['10/12/1990', /valid date/],
  ])('refuses the date of birth %s', async (dateOfBirth, message) => {
    await expectRefused({ dateOfBirth }, { dateOfBirth: message });
  });

  it('refuses more than 10 accounts, an unknown kind, and a handle without a kind', async () => {
    const rows: Record<string, string> = {};
    for (let i = 0; i < 11; i++)
      Object.assign(rows, { [`contacts.${i}.kind`]: 'other', [`contacts.${i}.handle`]: `ada-${i}` });
    await expectRefused(rows, { contacts: /at most 10/ });
    await expectRefused(
      { 'contacts.0.kind': 'icq', 'contacts.0.handle': 'ada' },
      { 'contacts.0.kind': /listed services/ },
    );
    await expectRefused(
      { 'contacts.0.kind': '', 'contacts.0.handle': 'ada' },
      { 'contacts.0.kind': /Choose the service/ },
    );
    await expectRefused(
      { 'contacts.0.kind': 'slack', 'contacts.0.handle': 'x'.repeat(201) },
      { 'contacts.0.handle': /too long/ },
    );
  });

  it('refuses a username taken in the same organization, whatever its case, but not one from another organization', async () => {
    const db = await getDb();
    await db.update(users).set({ username: 'grace' }).where(eq(users.id, graceId));
    const outcome = await expectRefused({ username: 'GRACE' }, { username: /already taken/ });
    expect(outcome.values?.username).toBe('GRACE');

    const elsewhere = await ada.action(updateProfile, await form(adaId, { username: 'Outsider' }));
    expect(elsewhere.result?.status).toBe('success');
    expect((await getUser(adaId)).username).toBe('outsider');
    expect((await getUser(outsiderId)).username).toBe('outsider');
  });
});

describe('concurrent edits and foreign ids', () => {
  it('refuses a save made from an outdated page, and writes nothing', async () => {
    const opened = await form(adaId, { jobTitle: 'Mathematician' });
    const elsewhere = await ada.action(updateProfile, await form(adaId, { jobTitle: 'Poet' }));
    expect(elsewhere.result?.status).toBe('success');
    const before = await getUser(adaId);
    const entries = (await auditEntries(adaId)).length;

    const stale = await ada.action(updateProfile, opened);
    expect(stale.result).toMatchObject({ status: 'error', message: STALE });
    expect(await getUser(adaId)).toEqual(before);
    expect(await auditEntries(adaId)).toHaveLength(entries);

    const missing = await ada.action(updateProfile, { ...(await form(adaId)), version: '' });
    expect(missing.result?.status).toBe('error');
    expect(await getUser(adaId)).toEqual(before);
  });

  it('ignores posted ids, email and role: only the signed-in user’s own profile fields change', async () => {
    const graceBefore = await getUser(graceId);
    const outsiderBefore = await getUser(outsiderId);
    const own = await ada.action(
      updateProfile,
      await form(adaId, {
        id: graceId,
        userId: outsiderId,
        orgId: otherOrgId,
        email: 'owned@evil.test',
        role: 'owner',
        jobTitle: 'Chief',
      }),
    );
    expect(own.result?.status).toBe('success');
    const after = await getUser(adaId);
    expect(after).toMatchObject({ jobTitle: 'Chief', email: 'ada@engines.test', role: 'member', orgId });
    expect(await getUser(graceId)).toEqual(graceBefore);
    expect(await getUser(outsiderId)).toEqual(outsiderBefore);
  });

  it('leaves another organization, its users and its audit log alone when only their ids are posted', async () => {
    const db = await getDb();
    const snapshot = async () => ({
      outsider: await getUser(outsiderId),
      grace: await getUser(graceId),
      orgs: (await db.select().from(organizations)).sort((a, b) => a.id.localeCompare(b.id)),
      foreignAudit: await db.select().from(auditLog).where(eq(auditLog.orgId, otherOrgId)),
    });
    const before = await snapshot();
    const adaBefore = await getUser(adaId);

    const foreign = { id: outsiderId, userId: outsiderId, orgId: otherOrgId };
    const outcome = await ada.action(updateProfile, await form(adaId, { ...foreign, displayName: 'Ada L.' }));
    expect(outcome.result?.status).toBe('success');
    const after = await getUser(adaId);
    expect(after).toMatchObject({ displayName: 'Ada L.', orgId, version: adaBefore.version + 1 });
    expect(await snapshot()).toEqual(before);
    const entries = await auditEntries(adaId);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.orgId === orgId && e.actorUserId === adaId)).toBe(true);

    const mixed = { id: graceId, userId: outsiderId, orgId: otherOrgId, displayName: '' };
    expect((await ada.action(updateProfile, await form(adaId, mixed))).result?.status).toBe('success');
    expect((await getUser(adaId)).displayName).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('lets each user save only their own row', async () => {
    const adaBefore = await getUser(adaId);
    const outcome = await grace.action(
      updateProfile,
      await form(graceId, { firstName: 'Grace', lastName: 'Hopper', id: adaId }),
    );
    expect(outcome.result?.status).toBe('success');
    expect((await getUser(graceId)).lastName).toBe('Hopper');
    expect(await getUser(adaId)).toEqual(adaBefore);
  });

  it('sends a signed-out visitor to sign in and writes nothing', async () => {
    const before = await getUser(adaId);
    const outcome = await new TestClient().action(updateProfile, await form(adaId, { jobTitle: 'Nobody' }));
    expect(outcome.redirect).toBe('/sign-in');
    expect(await getUser(adaId)).toEqual(before);
  });
});

describe('the profile page', () => {
  it('lists the custom roles the user holds, directly and through a group, with their descriptions', async () => {
    const db = await getDb();
    const [direct] = await db
      .insert(roles)
      .values({ orgId, name: 'Release captain', description: 'Signs off releases.', permissions: ['users.read'] })
      .returning();
    const [viaTeam] = await db
      .insert(roles)
      .values({ orgId, name: 'Auditor', permissions: ['audit.read'] })
      .returning();
    const [team] = await db.insert(groups).values({ orgId, name: 'Quality' }).returning();
    await db.insert(groupMembers).values({ orgId, groupId: team.id, userId: adaId });
    await db.insert(roleAssignments).values([
      { orgId, roleId: direct.id, userId: adaId },
      { orgId, roleId: viaTeam.id, groupId: team.id },
    ]);
    try {
      const html = await renderProfilePage(ada);
      expect(html).toContain('Also holds');
      expect(html).toContain('Release captain');
      expect(html).toContain('Signs off releases.');
      expect(html).toContain('Auditor');
      expect(html).toContain('through the group Quality');
    } finally {
      await db.delete(roles).where(inArray(roles.id, [direct.id, viaTeam.id]));
      await db.delete(groups).where(eq(groups.id, team.id));
    }
    expect(await renderProfilePage(ada)).not.toContain('Also holds');
  });

  it('shows the stored values in the form and the read-only account details', async () => {
    const db = await getDb();
    await db
      .update(users)
      .set({ phone: '+12015550123', dateOfBirth: '1990-12-10', contacts: [{ kind: 'telegram', handle: '@ada' }] })
      .where(eq(users.id, adaId));
    const user = await getUser(adaId);
    const html = await renderProfilePage(ada);

    expect(html).toMatch(/<h1[^>]*>Profile<\/h1>/);
    expect(html).toContain(`name="version" value="${user.version}"`);
    for (const [name, value, autocomplete] of [
      ['firstName', 'Ada', 'given-name'],
      ['lastName', 'Lovelace', 'family-name'],
      ['username', 'outsider', 'username'],
      ['jobTitle', 'Chief', 'organization-title'],
      ['phone', '+1 201 555 0123', 'tel'],
      ['dateOfBirth', '1990-12-10', 'bday'],
    ]) {
      const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? '';
      expect(input, name).toContain(`value="${value}"`);
      expect(input, name).toContain(`autoComplete="${autocomplete}"`);
    }
    expect(html).toMatch(/<input[^>]*autoComplete="nickname"[^>]*name="displayName"/);
    expect(html).toMatch(/<label[^>]*for="displayName"[^>]*>Display name<\/label>/);
    expect(html).toMatch(/<input[^>]*type="date"[^>]*name="dateOfBirth"/);
    expect(html).toMatch(/<option value="telegram" selected="">Telegram<\/option>/);
    expect(html).toContain('value="@ada"');
    expect(html).toMatch(/<input type="checkbox"[^>]*name="contacts\.0\.remove"/);
    expect(html).toContain('name="contacts.1.handle"');
    expect(html).not.toContain('name="contacts.1.remove"');
    for (const text of [
      'ada@engines.test',
      adaId,
      'Member',
      'Manages their own account.',
      'Save changes',
      'Cancel',
      'Set by an administrator',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toMatch(/Two-factor authentication<\/dt><dd[^>]*>Off/);
    expect(html).toMatch(/<a[^>]*href="\/settings\/profile"[^>]*>Cancel<\/a>/);
  });
});
