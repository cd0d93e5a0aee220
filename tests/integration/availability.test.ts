import { and, eq } from 'drizzle-orm';
import { createElement, isValidElement, type ComponentProps, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';

import { clearAwayPeriod, updateAwayPeriod, updateStatus } from '@/app/(account)/settings/availability/actions';
import AvailabilityPage from '@/app/(account)/settings/availability/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { ProfileMenu } from '@/components/shell/profile-menu';
import { getDb } from '@/db';
import { auditLog, organizations, users } from '@/db/schema';
import { getCurrentSession } from '@/lib/auth/current';
import { switchStatus } from '@/lib/availability/menu-actions';
import { compiledMessagesFor } from '@/lib/i18n/messages';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser } from '../support/fixtures';

useTestDatabase();

let orgId: string;
let meId: string;
let otherId: string;
let strangerId: string;
let strangerOrgId: string;
const ME = 'ada@engine.test';

async function signIn(email = ME) {
  const browser = new TestClient();
  const outcome = await browser.action(signInWithPassword, { email, password: 'Str0ng!Passw0rd-x' });
  expect(outcome.redirect).toBe('/settings/profile');
  return browser;
}

async function setUser(id: string, values: Partial<typeof users.$inferInsert>) {
  await (await getDb()).update(users).set(values).where(eq(users.id, id));
}

/** Every string in an element tree, without rendering components: enough to find server-rendered text. */
function textIn(node: ReactNode): string {
  if (node == null || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textIn).join(' ');
  if (isValidElement(node)) {
    const props = node.props as Record<string, unknown>;
    return Object.values(props)
      .map((v) => (typeof v === 'string' || isValidElement(v) || Array.isArray(v) ? textIn(v as ReactNode) : ''))
      .join(' ');
  }
  return '';
}

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Analytical Engines', email: ME, role: 'member' });
  orgId = org.id;
  meId = user.id;
  otherId = (await addUser(orgId, { email: 'charles@engine.test', firstName: 'Charles' })).id;
  const elsewhere = await createOrgWithUser({ orgName: 'Elsewhere', email: 'eve@elsewhere.test' });
  strangerId = elsewhere.user.id;
  strangerOrgId = elsewhere.org.id;
});

describe('status', () => {
  it('saves each valid status, audits it and refreshes the header everywhere', async () => {
    const browser = await signIn();
    for (const availability of ['unavailable', 'offline', 'online'] as const) {
      const { result } = await browser.action(updateStatus, { availability });
      expect(result).toMatchObject({ status: 'success', message: 'Status saved.' });
      expect((await getUser(meId)).availability).toBe(availability);
    }
    const entries = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'availability.status_changed'));
    expect(entries.map((e) => e.data)).toEqual([
      { from: 'online', to: 'unavailable' },
      { from: 'unavailable', to: 'offline' },
      { from: 'offline', to: 'online' },
    ]);
  });

  it('refuses an unknown or missing status and changes nothing', async () => {
    const browser = await signIn();
    await setUser(meId, { availability: 'offline' });
    for (const fields of [{ availability: 'busy' }, { availability: '' }, {}] as Array<Record<string, string>>) {
      const { result } = await browser.action(updateStatus, fields);
      expect(result?.status).toBe('error');
      expect(result?.fieldErrors?.availability).toEqual(['Choose Online, Offline or Unavailable.']);
    }
    expect((await getUser(meId)).availability).toBe('offline');
  });

  it('changes only the signed-in user, whatever ids are posted', async () => {
    const browser = await signIn();
    const { result } = await browser.action(updateStatus, {
      availability: 'unavailable',
      userId: otherId,
      id: strangerId,
    });
    expect(result?.status).toBe('success');
    expect((await getUser(meId)).availability).toBe('unavailable');
    expect((await getUser(otherId)).availability).toBe('online');
    expect((await getUser(strangerId)).availability).toBe('online');
  });

  it('needs a session', async () => {
    const { redirect } = await new TestClient().action(updateStatus, { availability: 'offline' });
    expect(redirect).toBe('/sign-in');
  });
});

describe('away period', () => {
  it('stores wall-clock times of the user’s zone as instants (Europe/Berlin 09:00 → 08:00Z)', async () => {
    await setUser(meId, { timeZone: 'Europe/Berlin' });
    const browser = await signIn();
    const { result } = await browser.action(updateAwayPeriod, {
      awayFrom: '2030-01-01T09:00',
      awayUntil: '2030-07-01T18:30',
    });
    expect(result).toMatchObject({ status: 'success', message: 'Away period saved.' });
    const user = await getUser(meId);
    expect(user.awayFrom?.toISOString()).toBe('2030-01-01T08:00:00.000Z');
    expect(user.awayUntil?.toISOString()).toBe('2030-07-01T16:30:00.000Z');
  });

  it('reads the times as UTC when the user has no zone', async () => {
    await setUser(meId, { timeZone: null });
    const browser = await signIn();
    await browser.action(updateAwayPeriod, { awayFrom: '2030-01-01T09:00', awayUntil: '2030-01-02T09:00' });
    expect((await getUser(meId)).awayFrom?.toISOString()).toBe('2030-01-01T09:00:00.000Z');
  });

  it('refuses an end before or at the start, one end alone, nonsense and a past end; nothing changes', async () => {
    await setUser(meId, { timeZone: 'Europe/Berlin' });
    const browser = await signIn();
    await browser.action(updateAwayPeriod, { awayFrom: '2030-03-01T09:00', awayUntil: '2030-03-02T09:00' });
    const before = await getUser(meId);
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ awayFrom: '2030-03-05T09:00', awayUntil: '2030-03-04T09:00' }, 'awayUntil', /must be after/],
      [{ awayFrom: '2030-03-05T09:00', awayUntil: '2030-03-05T09:00' }, 'awayUntil', /must be after/],
      [{ awayFrom: '2030-03-05T09:00', awayUntil: '' }, 'awayUntil', /ends/],
      [{ awayFrom: '2030-03-05T09:00' }, 'awayUntil', /ends/],
      [{ awayFrom: '', awayUntil: '2030-03-05T09:00' }, 'awayFrom', /starts/],
      [{ awayFrom: 'tomorrow', awayUntil: '2030-03-05T09:00' }, 'awayFrom', /date and time/],
      [{ awayFrom: '2030-02-30T09:00', awayUntil: '2030-03-05T09:00' }, 'awayFrom', /date and time/],
      [{ awayFrom: '2020-01-01T09:00', awayUntil: '2020-01-02T09:00' }, 'awayUntil', /future/],
      [{ awayFrom: '2030-03-05T09:00', awayUntil: `2030-03-06T09:00${'0'.repeat(40)}` }, 'awayUntil', /too long/],
    ];
    for (const [fields, field, message] of cases) {
      const { result } = await browser.action(updateAwayPeriod, fields);
      expect(result?.status, JSON.stringify(fields)).toBe('error');
      expect(result?.fieldErrors?.[field]?.join(' '), JSON.stringify(fields)).toMatch(message);
      // What was typed comes back, so the form keeps it without JavaScript.
      if (fields.awayFrom) expect(result?.values?.awayFrom).toBe(fields.awayFrom);
    }
    const unreadable = await browser.action(updateAwayPeriod, { awayFrom: 'tomorrow', awayUntil: '2030-03-05T09:00' });
    expect(unreadable.result?.fieldErrors).toEqual({ awayFrom: ['Enter a date and time.'] });
    const after = await getUser(meId);
    expect(after.awayFrom).toEqual(before.awayFrom);
    expect(after.awayUntil).toEqual(before.awayUntil);
  });

  it('clears with the button, or by saving both fields empty', async () => {
    const browser = await signIn();
    await browser.action(updateAwayPeriod, { awayFrom: '2030-03-01T09:00', awayUntil: '2030-03-02T09:00' });
    const { result } = await browser.action(clearAwayPeriod, {});
    expect(result).toMatchObject({ status: 'success', message: 'Away period cleared.' });
    expect(await getUser(meId)).toMatchObject({ awayFrom: null, awayUntil: null });

    await browser.action(updateAwayPeriod, { awayFrom: '2030-03-01T09:00', awayUntil: '2030-03-02T09:00' });
    const empty = await browser.action(updateAwayPeriod, { awayFrom: '', awayUntil: '' });
    expect(empty.result?.status).toBe('success');
    expect(await getUser(meId)).toMatchObject({ awayFrom: null, awayUntil: null });
    const actions = (await (await getDb()).select().from(auditLog).where(eq(auditLog.targetId, meId))).map(
      (e) => e.action,
    );
    expect(actions).toContain('availability.away_cleared');
  });

  it('touches only the signed-in user, whatever ids are posted', async () => {
    const browser = await signIn();
    await browser.action(updateAwayPeriod, {
      awayFrom: '2030-05-01T09:00',
      awayUntil: '2030-05-02T09:00',
      userId: otherId,
      id: strangerId,
    });
    await setUser(otherId, { awayFrom: new Date('2030-06-01T00:00Z'), awayUntil: new Date('2030-06-02T00:00Z') });
    await browser.action(clearAwayPeriod, { userId: otherId });
    expect((await getUser(otherId)).awayFrom?.toISOString()).toBe('2030-06-01T00:00:00.000Z');
    expect((await getUser(strangerId)).awayFrom).toBeNull();
  });
});

describe('another organization’s ids', () => {
  /** Everything a foreign id in the form could reach: Charles, Eve, both organizations and Eve’s audit log. */
  async function othersSnapshot() {
    const db = await getDb();
    const orgs = await db.select().from(organizations);
    return {
      other: await getUser(otherId),
      stranger: await getUser(strangerId),
      orgs: orgs.sort((a, b) => a.id.localeCompare(b.id)),
      strangerAudit: await db.select().from(auditLog).where(eq(auditLog.orgId, strangerOrgId)),
    };
  }

  const ids = () => ({ id: strangerId, userId: strangerId, orgId: strangerOrgId });
  const mixedIds = () => ({ id: otherId, userId: strangerId, orgId: strangerOrgId });

  it('change nothing outside the signed-in user’s own row when the status is saved', async () => {
    await setUser(meId, { availability: 'online' });
    await setUser(strangerId, { availability: 'offline' });
    const browser = await signIn();
    const before = await othersSnapshot();

    expect((await browser.action(updateStatus, { availability: 'unavailable', ...ids() })).result?.status).toBe(
      'success',
    );
    expect((await browser.action(updateStatus, { availability: 'online', ...mixedIds() })).result?.status).toBe(
      'success',
    );

    expect(await getUser(meId)).toMatchObject({ availability: 'online', orgId });
    expect(await othersSnapshot()).toEqual(before);
    const entries = await (await getDb()).select().from(auditLog).where(eq(auditLog.targetId, meId));
    expect(entries.filter((e) => e.action === 'availability.status_changed').every((e) => e.orgId === orgId)).toBe(
      true,
    );
  });

  it('change nothing outside the signed-in user’s own row when an away period is saved or cleared', async () => {
    await setUser(strangerId, { awayFrom: new Date('2030-08-01T00:00Z'), awayUntil: new Date('2030-08-02T00:00Z') });
    await setUser(otherId, { awayFrom: new Date('2030-06-01T00:00Z'), awayUntil: new Date('2030-06-02T00:00Z') });
    await setUser(meId, { timeZone: null, awayFrom: null, awayUntil: null });
    const browser = await signIn();
    const before = await othersSnapshot();

    const saved = await browser.action(updateAwayPeriod, {
      awayFrom: '2030-09-01T09:00',
      awayUntil: '2030-09-02T09:00',
      ...ids(),
    });
    expect(saved.result?.status).toBe('success');
    expect((await getUser(meId)).awayFrom?.toISOString()).toBe('2030-09-01T09:00:00.000Z');
    expect(await othersSnapshot()).toEqual(before);

    const again = await browser.action(updateAwayPeriod, {
      awayFrom: '2030-10-01T09:00',
      awayUntil: '2030-10-02T09:00',
      ...mixedIds(),
    });
    expect(again.result?.status).toBe('success');
    expect((await getUser(meId)).awayFrom?.toISOString()).toBe('2030-10-01T09:00:00.000Z');
    expect(await othersSnapshot()).toEqual(before);

    expect((await browser.action(clearAwayPeriod, ids())).result?.status).toBe('success');
    expect(await getUser(meId)).toMatchObject({ awayFrom: null, awayUntil: null });
    expect(await othersSnapshot()).toEqual(before);

    // Nothing of the signed-in user's left to clear: still no one else's period is cleared.
    expect((await browser.action(clearAwayPeriod, mixedIds())).result?.status).toBe('success');
    expect((await browser.action(updateAwayPeriod, { awayFrom: '', awayUntil: '', ...ids() })).result?.status).toBe(
      'success',
    );
    expect(await othersSnapshot()).toEqual(before);
    expect(before.stranger.awayFrom?.toISOString()).toBe('2030-08-01T00:00:00.000Z');
    expect(before.other.awayFrom?.toISOString()).toBe('2030-06-01T00:00:00.000Z');
  });
});

describe('the page', () => {
  it('says plainly whether the period is upcoming, current or over, in the user’s zone', async () => {
    await setUser(meId, { timeZone: 'Europe/Berlin', locale: 'en' });
    const browser = await signIn();
    const render = async () => textIn((await browser.run(() => AvailabilityPage())).result as ReactNode);

    await setUser(meId, { awayFrom: null, awayUntil: null });
    expect(await render()).toContain('No away period is planned.');

    await setUser(meId, { awayFrom: new Date('2030-01-01T08:00Z'), awayUntil: new Date('2030-01-02T16:00Z') });
    expect(await render()).toContain('Away from Jan 1, 2030, 9:00 AM to Jan 2, 2030, 5:00 PM.');

    const hour = 3600_000;
    await setUser(meId, { awayFrom: new Date(Date.now() - hour), awayUntil: new Date('2031-01-01T12:00Z') });
    expect(await render()).toContain('You are away until Jan 1, 2031, 1:00 PM.');

    await setUser(meId, { awayFrom: new Date('2020-01-01T08:00Z'), awayUntil: new Date('2020-01-01T10:00Z') });
    expect(await render()).toContain('Your last away period ended Jan 1, 2020, 11:00 AM.');
  });
});

describe('the profile menu’s status switch', () => {
  const statusRows = async () =>
    (await getDb())
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, meId), eq(auditLog.action, 'availability.status_changed')));
  const fromMenu = (browser: TestClient, fields: Record<string, string>) =>
    browser.run(() => switchStatus(toFormData(fields)));

  async function menuHtml(browser: TestClient) {
    const { result } = await browser.run(async () => {
      const current = (await getCurrentSession())!;
      const props = { locale: 'en', timeZone: 'UTC', messages: compiledMessagesFor('en') } as ComponentProps<
        typeof IntlProvider
      >;
      const stream = await renderToReadableStream(createElement(IntlProvider, props, await ProfileMenu({ current })));
      await stream.allReady;
      return new Response(stream).text();
    });
    return result!;
  }

  it('offers the three statuses, one form each, the current one pressed, and the avatar leads to the photo editor', async () => {
    await setUser(meId, { availability: 'offline' });
    const html = await menuHtml(await signIn());
    expect(html).toContain('Status: Offline');
    for (const option of ['online', 'offline', 'unavailable']) {
      expect(html).toContain(`name="availability" value="${option}"`);
    }
    expect(html.match(/aria-pressed="true"/g)).toHaveLength(1);
    expect(html).toMatch(/aria-pressed="true"[^>]*>(<[^>]+>)*<\/span><span class="flex-1">Offline/);
    expect(html).toContain('href="/settings/profile/photo"');
  });

  it('sets the status with one post and writes the same audit row as the availability page', async () => {
    await setUser(meId, { availability: 'online' });
    const browser = await signIn();
    const before = (await statusRows()).length;

    await browser.action(updateStatus, { availability: 'offline' });
    const outcome = await fromMenu(browser, { availability: 'unavailable' });
    expect(outcome.redirect).toBeUndefined();
    expect((await getUser(meId)).availability).toBe('unavailable');
    expect(await menuHtml(browser)).toContain('Status: Unavailable');

    const rows = (await statusRows()).slice(before);
    expect(rows.map(({ action, targetType, data }) => ({ action, targetType, data }))).toEqual([
      { action: 'availability.status_changed', targetType: 'user', data: { from: 'online', to: 'offline' } },
      { action: 'availability.status_changed', targetType: 'user', data: { from: 'offline', to: 'unavailable' } },
    ]);
    // The same status again writes nothing, as on the page.
    await fromMenu(browser, { availability: 'unavailable' });
    expect((await statusRows()).length).toBe(before + 2);
  });

  it('refuses an unknown status without a throw, and changes only the signed-in user', async () => {
    await setUser(meId, { availability: 'online' });
    await setUser(otherId, { availability: 'online' });
    await setUser(strangerId, { availability: 'unavailable' });
    const browser = await signIn();
    for (const fields of [{ availability: 'busy' }, { availability: '' }, {}] as Array<Record<string, string>>) {
      const outcome = await fromMenu(browser, fields);
      expect(outcome).toEqual({ result: undefined });
    }
    expect((await getUser(meId)).availability).toBe('online');

    await fromMenu(browser, { availability: 'offline', userId: strangerId, id: otherId, orgId: strangerOrgId });
    expect((await getUser(meId)).availability).toBe('offline');
    expect((await getUser(otherId)).availability).toBe('online');
    expect((await getUser(strangerId)).availability).toBe('unavailable');
  });

  it('needs a session', async () => {
    const { redirect } = await fromMenu(new TestClient(), { availability: 'offline' });
    expect(redirect).toBe('/sign-in');
  });
});
