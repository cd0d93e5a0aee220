import { eq } from 'drizzle-orm';
import type { ReactElement } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { updateAppearance, updateDashboardDefaults } from '@/app/(account)/settings/general/actions';
import GeneralPage from '@/app/(account)/settings/general/page';
import RootLayout from '@/app/layout';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { organizations, users } from '@/db/schema';
import { DASHBOARD_FALLBACK, DASHBOARD_OPTIONS } from '@/lib/preferences/dashboard';
import { revalidated } from '@/tests/shims/next-cache';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

// The root layout opts out of prerendering with connection(), which needs Next's request scope.
vi.mock('next/server', async (importOriginal) => ({ ...(await importOriginal<object>()), connection: async () => {} }));

let orgId: string;
let meId: string;
let otherId: string;
let strangerOrgId: string;
let strangerId: string;
const ME = 'grace@navy.test';
const VALID: Record<string, string> = {
  dateRange: 'thisQuarter',
  chartMetric: 'conversionRate',
  callsFilter: 'missed',
  paymentsFilter: 'refunded',
};

async function signIn() {
  const browser = new TestClient();
  const outcome = await browser.action(signInWithPassword, { email: ME, password: STRONG_PASSWORD });
  expect(outcome.redirect).toBe('/settings/profile');
  return browser;
}

async function htmlClass(browser: TestClient): Promise<string> {
  const { result } = await browser.run(() => RootLayout({ children: null }));
  return (result as ReactElement<{ className: string }>).props.className;
}

async function getOrg(id: string) {
  const [org] = await (await getDb()).select().from(organizations).where(eq(organizations.id, id));
  return org;
}

/** Everything a foreign id in the form could reach: the other users' rows and both organizations. */
async function othersSnapshot() {
  return Promise.all([getUser(otherId), getUser(strangerId), getOrg(orgId), getOrg(strangerOrgId)]);
}

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Navy', email: ME, role: 'member' });
  orgId = org.id;
  meId = user.id;
  otherId = (await addUser(org.id, { email: 'other@navy.test' })).id;
  const elsewhere = await createOrgWithUser({ orgName: 'Army', email: 'stranger@army.test', role: 'owner' });
  strangerOrgId = elsewhere.org.id;
  strangerId = elsewhere.user.id;
});

describe('dashboard defaults', () => {
  it('starts from the fallback and renders the page', async () => {
    const browser = await signIn();
    const html = (await renderHtml(browser, () => GeneralPage())).result ?? '';
    expect((await getUser(meId)).dashboardDefaults).toEqual({});
    // Nothing stored: the page offers the fallback of each field, as the spec names it.
    for (const [field, value] of Object.entries({ ...DASHBOARD_FALLBACK, dateRange: 'last7Days' })) {
      expect(html, field).toMatch(
        new RegExp(`<select[^>]*name="${field}"[\\s\\S]*?<option value="${value}" selected=""`),
      );
    }
  });

  it('saves every offered value of every field', async () => {
    const browser = await signIn();
    for (const [field, options] of Object.entries(DASHBOARD_OPTIONS)) {
      for (const option of options) {
        const { result } = await browser.action(updateDashboardDefaults, { ...VALID, [field]: option });
        expect(result, `${field}=${option}`).toMatchObject({ status: 'success', message: 'Dashboard defaults saved.' });
        expect((await getUser(meId)).dashboardDefaults).toEqual({ ...VALID, [field]: option });
      }
    }
  });

  it.each(Object.keys(VALID))('refuses an unknown %s and changes nothing', async (field) => {
    const browser = await signIn();
    await browser.action(updateDashboardDefaults, VALID);
    for (const bad of ['forever', '', 'Last 7 days']) {
      const { result } = await browser.action(updateDashboardDefaults, { ...VALID, dateRange: 'today', [field]: bad });
      expect(result?.status).toBe('error');
      expect(result?.fieldErrors).toEqual({ [field]: ['Choose one of the options.'] });
      expect(result?.values?.[field]).toBe(bad);
    }
    const missing = Object.fromEntries(Object.entries(VALID).filter(([key]) => key !== field));
    expect((await browser.action(updateDashboardDefaults, missing)).result?.fieldErrors?.[field]).toEqual([
      'Choose one of the options.',
    ]);
    expect((await getUser(meId)).dashboardDefaults).toEqual(VALID);
  });

  it('keeps keys it does not own and changes only the signed-in user', async () => {
    const db = await getDb();
    await db
      .update(users)
      .set({ dashboardDefaults: { ...VALID, pinnedWidget: 'sla' } as never })
      .where(eq(users.id, meId));
    const browser = await signIn();
    await browser.action(updateDashboardDefaults, { ...VALID, chartMetric: 'calls', userId: otherId, id: otherId });
    expect((await getUser(meId)).dashboardDefaults).toEqual({ ...VALID, chartMetric: 'calls', pinnedWidget: 'sla' });
    expect((await getUser(otherId)).dashboardDefaults).toEqual({});
  });

  it("changes nothing in another organization or its users' rows when their ids are posted", async () => {
    const db = await getDb();
    await db
      .update(users)
      .set({ dashboardDefaults: { dateRange: 'last30Days' } })
      .where(eq(users.id, strangerId));
    const browser = await signIn();
    await browser.action(updateDashboardDefaults, VALID);
    const before = await othersSnapshot();

    const posted = { ...VALID, callsFilter: 'all', id: strangerId, userId: strangerId, orgId: strangerOrgId };
    const { result } = await browser.action(updateDashboardDefaults, posted);
    expect(result?.status).toBe('success');
    const mixed = { ...VALID, callsFilter: 'inbound', id: otherId, userId: strangerId, orgId: strangerOrgId };
    expect((await browser.action(updateDashboardDefaults, mixed)).result?.status).toBe('success');

    const me = await getUser(meId);
    expect(me.dashboardDefaults).toMatchObject({ ...VALID, callsFilter: 'inbound' });
    expect(me.orgId).toBe(orgId);
    expect(await othersSnapshot()).toEqual(before);
    expect(before[1].dashboardDefaults).toEqual({ dateRange: 'last30Days' });
  });
});

describe('appearance', () => {
  it('stores theme and animations and the root layout renders them on <html>', async () => {
    const browser = await signIn();
    expect(await htmlClass(browser)).toBe('theme-system motion-system');

    const cases: Array<[string, string, 'light' | 'dark' | 'system', boolean | null, string]> = [
      ['dark', 'off', 'dark', false, 'theme-dark motion-off'],
      ['light', 'on', 'light', true, 'theme-light motion-on'],
      ['system', 'system', 'system', null, 'theme-system motion-system'],
    ];
    for (const [theme, animations, storedTheme, storedAnimations, className] of cases) {
      revalidated.length = 0;
      const { result } = await browser.action(updateAppearance, { theme, animations });
      expect(result).toMatchObject({ status: 'success', message: 'Appearance saved.' });
      const user = await getUser(meId);
      expect(user.theme).toBe(storedTheme);
      expect(user.animations).toBe(storedAnimations);
      expect(revalidated).toContain('/');
      expect(await htmlClass(browser)).toBe(className);
    }
  });

  it('refuses unknown values and changes nothing', async () => {
    const browser = await signIn();
    await browser.action(updateAppearance, { theme: 'dark', animations: 'off' });
    const bad = await browser.action(updateAppearance, { theme: 'neon', animations: 'sometimes' });
    expect(bad.result?.fieldErrors).toEqual({
      theme: ['Choose one of the options.'],
      animations: ['Choose one of the options.'],
    });
    const missing = await browser.action(updateAppearance, { theme: 'light' });
    expect(missing.result?.fieldErrors).toEqual({ animations: ['Choose one of the options.'] });
    expect(await getUser(meId)).toMatchObject({ theme: 'dark', animations: false });
  });

  it('changes only the signed-in user, whatever ids are posted', async () => {
    const browser = await signIn();
    await browser.action(updateAppearance, { theme: 'light', animations: 'on', userId: otherId, id: otherId });
    expect(await getUser(otherId)).toMatchObject({ theme: 'system', animations: null });
    expect(await getUser(meId)).toMatchObject({ theme: 'light', animations: true });
  });

  it("changes nothing in another organization or its users' rows when their ids are posted", async () => {
    const db = await getDb();
    await db.update(users).set({ theme: 'light', animations: true }).where(eq(users.id, strangerId));
    const browser = await signIn();
    const before = await othersSnapshot();

    const posted = { theme: 'dark', animations: 'off', id: strangerId, userId: strangerId, orgId: strangerOrgId };
    expect((await browser.action(updateAppearance, posted)).result?.status).toBe('success');
    const mixed = { theme: 'system', animations: 'off', id: otherId, userId: strangerId, orgId: strangerOrgId };
    expect((await browser.action(updateAppearance, mixed)).result?.status).toBe('success');

    expect(await getUser(meId)).toMatchObject({ theme: 'system', animations: false, orgId });
    expect(await othersSnapshot()).toEqual(before);
    expect(before[1]).toMatchObject({ theme: 'light', animations: true });
  });

  it('renders the system theme for visitors without a session', async () => {
    expect(await htmlClass(new TestClient())).toBe('theme-system motion-system');
  });
});
