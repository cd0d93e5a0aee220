import { and, eq } from 'drizzle-orm';
import { isValidElement, type ReactElement, type ReactNode } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';

import AccountSettingsLayout from '@/app/(account)/settings/layout';
import ProfilePage from '@/app/(account)/settings/profile/page';
import { acceptDetectedTimeZone, updateRegional } from '@/app/(account)/settings/regional/actions';
import RegionalPage from '@/app/(account)/settings/regional/page';
import SecurityPage from '@/app/(account)/settings/security/page';
import { TimeZonePrompt } from '@/app/(account)/settings/time-zone-prompt';
import { signInWithPassword } from '@/app/sign-in/actions';
import { PageHeading } from '@/components/shell/settings-frame';
import { getDb } from '@/db';
import { auditLog, organizations, sessions, users } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import { getRequestIntl } from '@/lib/i18n/server';
import { canonicalTimeZone } from '@/lib/i18n/time-zones';
import { revalidated } from '@/tests/shims/next-cache';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

let orgId: string;
let adaId: string;
let bobId: string;
let carolId: string;
let carolOrgId: string;

async function signIn(email: string) {
  const browser = new TestClient();
  const outcome = await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD });
  expect(outcome.redirect).toBe('/settings/profile');
  return browser;
}

async function setRow(id: string, values: { locale?: string; timeZone?: string | null }) {
  await (await getDb()).update(users).set(values).where(eq(users.id, id));
}

async function audits(userId: string, action: string) {
  return (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), eq(auditLog.action, action)));
}

/** A page's element tree as HTML, in the language the server rendered it for. */
async function renderPage(browser: TestClient, page: () => Promise<ReactNode>): Promise<string> {
  return (await renderHtml(browser, page)).result!;
}

const NOON_UTC = new Date('2025-01-15T12:00:00Z');

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({
    orgName: 'Lovelace Analytics',
    email: 'ada@lovelace.test',
    role: 'member',
  });
  orgId = org.id;
  adaId = user.id;
  bobId = (await addUser(orgId, { email: 'bob@lovelace.test', firstName: 'Bob' })).id;
  const babbage = await createOrgWithUser({ orgName: 'Babbage Engines', email: 'carol@babbage.test' });
  carolId = babbage.user.id;
  carolOrgId = babbage.org.id;
});

async function getOrg(id: string) {
  const [org] = await (await getDb()).select().from(organizations).where(eq(organizations.id, id));
  return org;
}

/** What a foreign id in the form could reach: Bob's and Carol's rows, both organizations, Carol's audit log. */
async function othersSnapshot() {
  const db = await getDb();
  return Promise.all([
    getUser(bobId),
    getUser(carolId),
    getOrg(orgId),
    getOrg(carolOrgId),
    db.select().from(auditLog).where(eq(auditLog.orgId, carolOrgId)),
  ]);
}

describe('language', () => {
  it('saves each language and answers in the new one', async () => {
    const browser = await signIn('ada@lovelace.test');
    const answers = {
      de: 'Sprache und Zeitzone gespeichert.',
      ru: 'Язык и часовой пояс сохранены.',
      en: 'Language and time zone saved.',
    };
    for (const [locale, message] of Object.entries(answers)) {
      const { result } = await browser.action(updateRegional, { locale, timeZone: 'Europe/Berlin' });
      expect(result, locale).toMatchObject({ status: 'success', message });
      expect((await getUser(adaId)).locale).toBe(locale);
      expect((await browser.run(() => getRequestIntl())).result).toEqual({ locale, timeZone: 'Europe/Berlin' });
    }
    expect(revalidated).toContain('/');
    const entries = await audits(adaId, 'regional.updated');
    expect(entries.map((e) => (e.data as { locale: { to: string } }).locale.to)).toEqual(['de', 'ru', 'en']);
  });

  it('refuses a language Roster does not speak, or none, and changes nothing', async () => {
    await setRow(adaId, { locale: 'en', timeZone: 'Europe/Berlin' });
    const browser = await signIn('ada@lovelace.test');
    for (const locale of ['fr', 'EN', 'de-DE', '']) {
      const { result } = await browser.action(updateRegional, { locale, timeZone: 'Asia/Tokyo' });
      expect(result?.status, locale).toBe('error');
      expect(result?.fieldErrors?.locale, locale).toEqual(['Choose one of the listed languages.']);
    }
    const missing = await browser.action(updateRegional, { timeZone: 'Asia/Tokyo' });
    expect(missing.result?.fieldErrors?.locale).toEqual(['Choose one of the listed languages.']);
    const row = await getUser(adaId);
    expect([row.locale, row.timeZone]).toEqual(['en', 'Europe/Berlin']);
  });

  it('renders settings pages in German after switching to German', async () => {
    await setRow(adaId, { locale: 'en', timeZone: 'UTC' });
    const browser = await signIn('ada@lovelace.test');
    const before = await renderPage(browser, () => SecurityPage({ searchParams: Promise.resolve({}) }));
    expect(before).toContain('<h1 class="page-title">Security</h1>');
    expect(before).toContain('Change password');

    expect((await browser.action(updateRegional, { locale: 'de', timeZone: 'UTC' })).result?.status).toBe('success');
    const security = await renderPage(browser, () => SecurityPage({ searchParams: Promise.resolve({}) }));
    expect(security).toMatch(/<h1[^>]*>Sicherheit<\/h1>/);
    expect(security).toMatch(/<h2[^>]*>Passwort ändern<\/h2>/);
    expect(security).toMatch(/<h2[^>]*>Aktive Sitzungen<\/h2>/);
    expect(security).not.toContain('Change password');

    const regional = await renderPage(browser, () => RegionalPage());
    expect(regional).toMatch(/<h1[^>]*>Sprache und Region<\/h1>/);
    expect(regional).toContain('Sprache (Language)');
    expect(regional).toContain('>Zeitzone</label>');
    expect(regional).toContain('Änderungen speichern');
    // Language names stay in their own language whatever the interface speaks.
    expect(regional).toMatch(
      /<option value="en" lang="en">English<\/option><option value="de" lang="de" selected="">Deutsch<\/option><option value="ru" lang="ru">Русский<\/option>/,
    );
    await setRow(adaId, { locale: 'en' });
  });
});

describe('time zone', () => {
  it('saves a listed zone, and another spelling of one as the list spells it', async () => {
    await setRow(adaId, { locale: 'en', timeZone: null });
    const browser = await signIn('ada@lovelace.test');
    const { result } = await browser.action(updateRegional, { locale: 'en', timeZone: 'Asia/Tokyo' });
    expect(result).toMatchObject({ status: 'success', message: 'Language and time zone saved.' });
    expect((await getUser(adaId)).timeZone).toBe('Asia/Tokyo');

    await browser.action(updateRegional, { locale: 'en', timeZone: 'Europe/Kyiv' });
    expect((await getUser(adaId)).timeZone).toBe(canonicalTimeZone('Europe/Kyiv'));
    await browser.action(updateRegional, { locale: 'en', timeZone: 'UTC' });
    expect((await getUser(adaId)).timeZone).toBe('UTC');
  });

  it('refuses a zone that is not in the list, keeping what was typed for the form', async () => {
    await setRow(adaId, { locale: 'en', timeZone: 'Europe/Berlin' });
    const browser = await signIn('ada@lovelace.test');
    const auditsBefore = (await audits(adaId, 'regional.updated')).length;
    for (const timeZone of ['Mars/Olympus_Mons', 'Etc/GMT+5', 'Europe/Berlin; DROP TABLE users', 'x'.repeat(65)]) {
      const { result } = await browser.action(updateRegional, { locale: 'de', timeZone });
      expect(result?.status, timeZone).toBe('error');
      expect(result?.fieldErrors?.timeZone, timeZone).toEqual(['Choose a time zone from the list.']);
    }
    const echoed = await browser.action(updateRegional, { locale: 'de', timeZone: 'Mars/Olympus_Mons' });
    expect(echoed.result?.values).toMatchObject({ locale: 'de', timeZone: 'Mars/Olympus_Mons' });
    const row = await getUser(adaId);
    expect([row.locale, row.timeZone]).toEqual(['en', 'Europe/Berlin']);
    expect(await audits(adaId, 'regional.updated')).toHaveLength(auditsBefore);
  });

  it("changes only the signed-in user's row, whatever ids are posted", async () => {
    await setRow(adaId, { locale: 'en', timeZone: 'UTC' });
    await setRow(bobId, { locale: 'en', timeZone: 'America/New_York' });
    const browser = await signIn('ada@lovelace.test');
    const { result } = await browser.action(updateRegional, {
      locale: 'ru',
      timeZone: 'Asia/Tokyo',
      id: bobId,
      userId: bobId,
      orgId,
    });
    expect(result?.status).toBe('success');
    const [ada, bob, carol] = await Promise.all([getUser(adaId), getUser(bobId), getUser(carolId)]);
    expect([ada.locale, ada.timeZone]).toEqual(['ru', 'Asia/Tokyo']);
    expect([bob.locale, bob.timeZone]).toEqual(['en', 'America/New_York']);
    expect([carol.locale, carol.timeZone]).toEqual(['en', null]);
    await setRow(adaId, { locale: 'en' });
  });

  it("changes nothing in another organization or its users' rows when their ids are posted", async () => {
    await setRow(adaId, { locale: 'en', timeZone: 'UTC' });
    const browser = await signIn('ada@lovelace.test');
    const before = await othersSnapshot();

    const posted = { locale: 'de', timeZone: 'Asia/Tokyo', id: carolId, userId: carolId, orgId: carolOrgId };
    expect((await browser.action(updateRegional, posted)).result?.status).toBe('success');
    const mixed = { locale: 'ru', timeZone: 'Europe/Paris', id: bobId, userId: carolId, orgId: carolOrgId };
    expect((await browser.action(updateRegional, mixed)).result?.status).toBe('success');

    const ada = await getUser(adaId);
    expect([ada.locale, ada.timeZone, ada.orgId]).toEqual(['ru', 'Europe/Paris', orgId]);
    expect(await othersSnapshot()).toEqual(before);
    const entries = await audits(adaId, 'regional.updated');
    expect(entries.slice(-2).map((e) => e.orgId)).toEqual([orgId, orgId]);
    await setRow(adaId, { locale: 'en' });
  });

  it('keeps "not chosen yet" when the empty choice is posted', async () => {
    await setRow(adaId, { locale: 'en', timeZone: null });
    const browser = await signIn('ada@lovelace.test');
    const { result } = await browser.action(updateRegional, { locale: 'de', timeZone: '' });
    expect(result?.status).toBe('success');
    const row = await getUser(adaId);
    expect([row.locale, row.timeZone]).toEqual(['de', null]);
    const page = await renderPage(browser, () => RegionalPage());
    expect(page).toContain('daher werden Datum und Uhrzeit in UTC angezeigt');
    expect(page).toMatch(/<option value="" selected="">Noch nicht gewählt \(UTC wird verwendet\)<\/option>/);
    await setRow(adaId, { locale: 'en' });
  });

  it('moves every rendered time into the chosen zone', async () => {
    await setRow(adaId, { locale: 'en', timeZone: null });
    const browser = await signIn('ada@lovelace.test');
    const asUtc = formatDateTime(NOON_UTC, await getUser(adaId));
    await browser.action(updateRegional, { locale: 'en', timeZone: 'Asia/Tokyo' });
    const asTokyo = formatDateTime(NOON_UTC, await getUser(adaId));
    expect(asUtc.replace(/\u202f/g, ' ')).toBe('Jan 15, 2025, 12:00 PM');
    expect(asTokyo.replace(/\u202f/g, ' ')).toBe('Jan 15, 2025, 9:00 PM');

    // The security page lists this session's sign-in time in Tokyo time.
    const [session] = await (await getDb()).select().from(sessions).where(eq(sessions.userId, adaId)).limit(1);
    const page = await renderPage(browser, () => SecurityPage({ searchParams: Promise.resolve({}) }));
    expect(page).toContain(formatDateTime(session.createdAt, { locale: 'en', timeZone: 'Asia/Tokyo' }));
    const utcText = formatDateTime(session.createdAt, { locale: 'en', timeZone: 'UTC' });
    expect(page).not.toContain(`Signed in ${utcText}`);
  });
});

describe('first sign-in proposal', () => {
  /** The prompt element anywhere in the layout's element tree (the layout's own elements, not rendered). */
  function promptOf(tree: unknown): ReactElement<{ needed: boolean }> | undefined {
    if (!isValidElement(tree)) return undefined;
    if (tree.type === TimeZonePrompt) return tree as ReactElement<{ needed: boolean }>;
    const children = (tree as ReactElement<{ children?: ReactNode }>).props.children;
    for (const child of Array.isArray(children) ? children : [children]) {
      const found = promptOf(child);
      if (found) return found;
    }
    return undefined;
  }

  it('is asked for once, below the profile page title, while the user has no zone', async () => {
    await setRow(adaId, { timeZone: null });
    const browser = await signIn('ada@lovelace.test');
    const profile = await browser.run(() => ProfilePage({ searchParams: Promise.resolve({}) }));
    expect(promptOf(profile.result)?.props.needed).toBe(true);
    // Below the heading: the page's first element is its title.
    const [first] = (profile.result as ReactElement<{ children: ReactNode[] }>).props.children;
    expect(isValidElement(first) && first.type === PageHeading).toBe(true);
    // Not on every page: the layout around all sections does not show it.
    const layout = await browser.run(() => AccountSettingsLayout({ children: null }));
    expect(promptOf(layout.result)).toBeUndefined();
    await setRow(adaId, { timeZone: 'UTC' });
    const after = await browser.run(() => ProfilePage({ searchParams: Promise.resolve({}) }));
    expect(promptOf(after.result)).toBeUndefined();
  });

  it("saves the browser's zone once, in the list's spelling, and audits it", async () => {
    await setRow(adaId, { timeZone: null });
    const browser = await signIn('ada@lovelace.test');
    const { result } = await browser.action(acceptDetectedTimeZone, { timeZone: 'Asia/Kolkata' });
    const zone = canonicalTimeZone('Asia/Kolkata');
    expect(result).toMatchObject({
      status: 'success',
      message: `Time zone set to ${zone}. You can change it under Language and region.`,
    });
    expect((await getUser(adaId)).timeZone).toBe(zone);
    expect(await audits(adaId, 'regional.time_zone_detected')).toHaveLength(1);

    // A banner left open in another tab cannot overwrite the zone chosen since.
    const again = await browser.action(acceptDetectedTimeZone, { timeZone: 'America/Chicago' });
    expect(again.result).toMatchObject({
      status: 'success',
      message: 'You have already chosen a time zone; it was kept.',
    });
    expect((await getUser(adaId)).timeZone).toBe(zone);
    expect(await audits(adaId, 'regional.time_zone_detected')).toHaveLength(1);
  });

  it('refuses an unknown zone and ignores posted ids', async () => {
    await setRow(adaId, { timeZone: null });
    await setRow(bobId, { timeZone: null });
    const browser = await signIn('ada@lovelace.test');
    for (const timeZone of ['Atlantis/Capital', '']) {
      const { result } = await browser.action(acceptDetectedTimeZone, { timeZone });
      expect(result?.status, timeZone).toBe('error');
    }
    expect((await getUser(adaId)).timeZone).toBeNull();
    await browser.action(acceptDetectedTimeZone, { timeZone: 'Europe/Paris', userId: bobId, id: bobId });
    expect((await getUser(adaId)).timeZone).toBe('Europe/Paris');
    expect((await getUser(bobId)).timeZone).toBeNull();
  });

  it("changes nothing in another organization or its users' rows when their ids are posted", async () => {
    await setRow(adaId, { timeZone: null });
    await setRow(bobId, { timeZone: null });
    const browser = await signIn('ada@lovelace.test');
    const before = await othersSnapshot();
    expect(before[1].timeZone).toBeNull();

    const posted = { timeZone: 'Asia/Tokyo', id: bobId, userId: carolId, orgId: carolOrgId };
    expect((await browser.action(acceptDetectedTimeZone, posted)).result?.status).toBe('success');
    expect((await getUser(adaId)).timeZone).toBe('Asia/Tokyo');
    // Ada now has a zone: a second banner posting Carol's ids still leaves Carol's empty zone alone.
    const again = await browser.action(acceptDetectedTimeZone, {
      timeZone: 'Europe/Paris',
      id: carolId,
      userId: carolId,
      orgId: carolOrgId,
    });
    expect(again.result).toMatchObject({
      status: 'success',
      message: 'You have already chosen a time zone; it was kept.',
    });

    expect(await othersSnapshot()).toEqual(before);
    const [entry] = (await audits(adaId, 'regional.time_zone_detected')).filter(
      (e) => e.data.timeZone === 'Asia/Tokyo',
    );
    expect(entry.orgId).toBe(orgId);
  });

  it('needs a signed-in user', async () => {
    const outcome = await new TestClient().action(acceptDetectedTimeZone, { timeZone: 'Europe/Paris' });
    expect(outcome.redirect).toBe('/sign-in');
    const regional = await new TestClient().action(updateRegional, { locale: 'de', timeZone: 'Europe/Paris' });
    expect(regional.redirect).toBe('/sign-in');
  });
});
