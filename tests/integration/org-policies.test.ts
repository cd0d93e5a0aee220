import { and, eq } from 'drizzle-orm';
import { createElement, type ComponentProps, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';

import { updateNotificationPolicy } from '@/app/(org)/org-settings/notifications/actions';
import OrgNotificationsPage from '@/app/(org)/org-settings/notifications/page';
import { updateSecurityPolicy } from '@/app/(org)/org-settings/security/actions';
import OrgSecurityPage from '@/app/(org)/org-settings/security/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { MfaReminder } from '@/components/shell/mfa-reminder';
import { getDb } from '@/db';
import { auditLog, organizations, roleAssignments, roles, users } from '@/db/schema';
import { requireUser } from '@/lib/auth/current';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import { getRequestIntl } from '@/lib/i18n/server';
import { eventFieldName, isEventAllowedByOrg, NOTIFICATION_EVENTS, notificationLock } from '@/lib/notifications/events';
import { updateSecurityPolicy as updateSecurityPolicyAt } from '@/lib/org/policies';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

let orgId: string;
let otherOrgId: string;
const as = {} as Record<'owner' | 'member' | 'policyKeeper', TestClient>;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

async function render(browser: TestClient, tree: () => Promise<ReactNode>) {
  return browser.run(async () => {
    const { locale, timeZone } = await getRequestIntl();
    const props = { locale, timeZone, messages: compiledMessagesFor(locale) } as ComponentProps<typeof IntlProvider>;
    return renderToStaticMarkup(createElement(IntlProvider, props, await tree()));
  });
}

const orgRow = async (id: string) =>
  (await (await getDb()).select().from(organizations).where(eq(organizations.id, id)))[0];
const audits = async (action: string) =>
  (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.orgId, orgId)));

beforeAll(async () => {
  const db = await getDb();
  const { org } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  orgId = org.id;
  await addUser(orgId, { email: 'mia@acme.test', role: 'member' });
  const keeper = await addUser(orgId, { email: 'paul@acme.test', role: 'member' });
  const [role] = await db
    .insert(roles)
    .values({ orgId, name: 'Policy keeper', permissions: ['policies.manage'] })
    .returning();
  await db.insert(roleAssignments).values({ orgId, roleId: role.id, userId: keeper.id });
  otherOrgId = (await createOrgWithUser({ orgName: 'Umbrella', email: 'otto@umbrella.test' })).org.id;
  as.owner = await signIn('olga@acme.test');
  as.member = await signIn('mia@acme.test');
  as.policyKeeper = await signIn('paul@acme.test');
});

const validPolicy = { sessionIdleMinutes: '45', sessionAbsoluteHours: '10' };

describe('security policy', () => {
  it('is invisible without policies.manage', async () => {
    expect((await as.member.run(() => OrgSecurityPage())).notFound).toBe(true);
    expect((await as.member.action(updateSecurityPolicy, { ...validPolicy, requireMfa: 'on' })).notFound).toBe(true);
    expect(await orgRow(orgId)).toMatchObject({ requireMfa: false, sessionIdleMinutes: 30, sessionAbsoluteHours: 12 });
  });

  it('saves the timeouts on the caller’s organization only, with an audit entry of what changed', async () => {
    const outcome = await as.policyKeeper.action(updateSecurityPolicy, { ...validPolicy, orgId: otherOrgId });
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Security policy saved.' });
    expect(await orgRow(orgId)).toMatchObject({ requireMfa: false, sessionIdleMinutes: 45, sessionAbsoluteHours: 10 });
    expect(await orgRow(otherOrgId)).toMatchObject({ sessionIdleMinutes: 30, sessionAbsoluteHours: 12 });
    const [entry] = await audits('org.security_policy_changed');
    expect(entry.data).toEqual({
      sessionIdleMinutes: { from: 30, to: 45 },
      sessionAbsoluteHours: { from: 12, to: 10 },
    });
    // Saving the same values again is not a change.
    await as.policyKeeper.action(updateSecurityPolicy, validPolicy);
    expect(await audits('org.security_policy_changed')).toHaveLength(1);
  });

  it.each([
    [{ sessionIdleMinutes: '4' }, 'sessionIdleMinutes', 'Enter a whole number of minutes from 5 to 1440.'],
    [{ sessionIdleMinutes: '1441' }, 'sessionIdleMinutes', 'Enter a whole number of minutes from 5 to 1440.'],
    [{ sessionIdleMinutes: '10.5' }, 'sessionIdleMinutes', 'Enter a whole number of minutes from 5 to 1440.'],
    [{ sessionIdleMinutes: 'abc' }, 'sessionIdleMinutes', 'Enter a whole number of minutes from 5 to 1440.'],
    [{ sessionIdleMinutes: '' }, 'sessionIdleMinutes', 'Fill in this field.'],
    [{ sessionAbsoluteHours: '0' }, 'sessionAbsoluteHours', 'Enter a whole number of hours from 1 to 720.'],
    [{ sessionAbsoluteHours: '721' }, 'sessionAbsoluteHours', 'Enter a whole number of hours from 1 to 720.'],
    [{ sessionAbsoluteHours: '-3' }, 'sessionAbsoluteHours', 'Enter a whole number of hours from 1 to 720.'],
    [
      { sessionIdleMinutes: '600', sessionAbsoluteHours: '9' },
      'sessionAbsoluteHours',
      "The lifetime can't be shorter than the idle timeout.",
    ],
  ])('refuses %o', async (fields, field, message) => {
    const outcome = await as.owner.action(updateSecurityPolicy, { ...validPolicy, requireMfa: 'on', ...fields });
    expect(outcome.result?.status).toBe('error');
    expect(outcome.result?.fieldErrors?.[field]).toEqual([message]);
    expect(await orgRow(orgId)).toMatchObject({ requireMfa: false, sessionIdleMinutes: 45, sessionAbsoluteHours: 10 });
  });

  it('accepts the bounds: idle 1440 minutes with a 24-hour lifetime', async () => {
    const outcome = await as.owner.action(updateSecurityPolicy, {
      sessionIdleMinutes: '1440',
      sessionAbsoluteHours: '24',
    });
    expect(outcome.result?.status).toBe('success');
    expect(await orgRow(orgId)).toMatchObject({ sessionIdleMinutes: 1440, sessionAbsoluteHours: 24 });
  });

  it('renders the current values and how many people lack two-factor authentication', async () => {
    const page = await render(as.owner, () => OrgSecurityPage());
    expect(page.result).toContain('Require two-factor authentication for everyone');
    expect(page.result).toContain('Session idle timeout (minutes)');
    expect(page.result).toContain('Session lifetime (hours)');
    expect(page.result).toContain('3 people have not set it up yet.');
    expect(page.result).toMatch(/value="1440"/);
  });

  it('warns an admin without two-factor, by name, before requiring it; with no grace period it applies at once', async () => {
    const policy = { requireMfa: 'on', mfaGraceDays: '0', sessionIdleMinutes: '30', sessionAbsoluteHours: '12' };
    const page = await render(as.owner, () => OrgSecurityPage());
    expect(page.result).toContain('Grace period');
    expect(page.result).toMatch(/<option value="3" selected="">3 days<\/option>/);
    expect(page.result).toContain('You, Test User (olga@acme.test), have not set up two-factor authentication');
    // The people who have not set it up are listed by name.
    expect(page.result).toContain('mia<wbr/>@acme.<wbr/>test');

    const warned = await as.owner.action(updateSecurityPolicy, policy);
    expect(warned.result?.status).toBe('error');
    expect(warned.result?.fieldErrors?.confirmOwnMfa?.[0]).toMatch(/tick the box to confirm/);
    expect((await orgRow(orgId)).requireMfa).toBe(false);

    const outcome = await as.owner.action(updateSecurityPolicy, { ...policy, confirmOwnMfa: 'on' });
    expect(outcome.result?.status).toBe('success');
    expect(await orgRow(orgId)).toMatchObject({ requireMfa: true, mfaRequiredFrom: null });
    const entries = await audits('org.security_policy_changed');
    expect(entries.at(-1)?.data).toMatchObject({ requireMfa: { from: false, to: true } });
    expect((await as.member.run(() => requireUser())).redirect).toBe('/settings/security?required=2fa');
    expect((await orgRow(otherOrgId)).requireMfa).toBe(false);
    // Undo directly: the owner has no second factor either and is now held at the setup page.
    await (await getDb()).update(organizations).set({ requireMfa: false }).where(eq(organizations.id, orgId));
  });

  it('a grace period lets people work with a reminder until the deadline, then holds them at the setup page', async () => {
    const db = await getDb();
    const [owner] = await db.select().from(users).where(eq(users.email, 'olga@acme.test'));
    const actor = { id: owner.id, orgId, orgName: 'Acme', role: 'owner' as const };
    const input = {
      requireMfa: true,
      mfaGraceDays: 3,
      confirmOwnMfa: true,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
    } as const;
    const day = 86_400_000;
    // Turned on a day ago (the clock injected): two days of grace are left.
    const turnedOn = new Date(Date.now() - day);
    expect(await updateSecurityPolicyAt(db, actor, input, undefined, turnedOn)).toEqual({ ok: true, changed: true });
    expect((await orgRow(orgId)).mfaRequiredFrom).toEqual(new Date(turnedOn.getTime() + 3 * day));
    const member = await as.member.run(() => requireUser());
    expect(member.redirect).toBeUndefined();
    const banner = await render(as.member, async () => MfaReminder({ current: (await requireUser()) as never }));
    expect(banner.result).toMatch(/Acme requires two-factor authentication from .+ You can keep working until then\./);
    expect(banner.result).toContain('href="/settings/security#two-factor"');
    // The admin's page says from when; saving again keeps the announced deadline.
    const page = await render(as.owner, () => OrgSecurityPage());
    expect(page.result).toContain('Required from');
    await updateSecurityPolicyAt(db, actor, { ...input, mfaGraceDays: 7 }, undefined, new Date());
    expect((await orgRow(orgId)).mfaRequiredFrom).toEqual(new Date(turnedOn.getTime() + 3 * day));

    // Turned on four days ago: the grace period is over.
    await updateSecurityPolicyAt(db, actor, { ...input, requireMfa: false }, undefined);
    await updateSecurityPolicyAt(db, actor, input, undefined, new Date(Date.now() - 4 * day));
    expect((await as.member.run(() => requireUser())).redirect).toBe('/settings/security?required=2fa');
    const after = await render(as.owner, () => OrgSecurityPage()).catch(() => null);
    expect(after?.redirect).toBe('/settings/security?required=2fa');

    await updateSecurityPolicyAt(db, actor, { ...input, requireMfa: false }, undefined);
    expect(await orgRow(orgId)).toMatchObject({ requireMfa: false, mfaRequiredFrom: null });
  });
});

describe('notification policy', () => {
  const allOn = Object.fromEntries(
    NOTIFICATION_EVENTS.filter((e) => !e.mandatory).map((e) => [eventFieldName(e.key), 'on']),
  );

  it('is invisible without policies.manage', async () => {
    expect((await as.member.run(() => OrgNotificationsPage())).notFound).toBe(true);
    expect((await as.member.action(updateNotificationPolicy, {})).notFound).toBe(true);
    expect(await orgRow(orgId)).toMatchObject({ notificationsEnabled: true, notificationEvents: {} });
  });

  it('stores switched-off events and the master switch, never a mandatory event', async () => {
    const rest = Object.fromEntries(
      Object.entries(allOn).filter(
        ([name]) => name !== eventFieldName('task.deadline') && name !== eventFieldName('mention'),
      ),
    );
    const outcome = await as.policyKeeper.action(updateNotificationPolicy, {
      ...rest,
      enabled: 'on',
      // Posted by hand: mandatory and unknown events are not switches.
      [eventFieldName('security.password_changed')]: 'off',
      event_unknown_thing: 'on',
      orgId: otherOrgId,
    });
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Notification settings saved.' });
    const org = await orgRow(orgId);
    expect(org.notificationsEnabled).toBe(true);
    expect(org.notificationEvents).toEqual({ 'task.deadline': false, mention: false });
    expect(await orgRow(otherOrgId)).toMatchObject({ notificationsEnabled: true, notificationEvents: {} });
    const [entry] = await audits('org.notification_policy_changed');
    expect(entry.data).toEqual({ turnedOff: ['task.deadline', 'mention'] });

    expect(notificationLock(org, 'mention')).toBe('orgDisabledEvent');
    expect(notificationLock(org, 'task.assigned')).toBeNull();
    expect(notificationLock(org, 'security.password_changed')).toBe('mandatory');
  });

  it('turns everything off but the security notices, and back on', async () => {
    await as.owner.action(updateNotificationPolicy, { ...allOn });
    const off = await orgRow(orgId);
    expect(off).toMatchObject({ notificationsEnabled: false, notificationEvents: {} });
    expect(isEventAllowedByOrg(off, 'task.assigned')).toBe(false);
    expect(isEventAllowedByOrg(off, 'security.two_factor_changed')).toBe(true);
    expect((await audits('org.notification_policy_changed')).at(-1)?.data).toEqual({
      enabled: { from: true, to: false },
      turnedOn: ['task.deadline', 'mention'],
    });
    await as.owner.action(updateNotificationPolicy, { ...allOn, enabled: 'true' });
    expect((await orgRow(orgId)).notificationsEnabled).toBe(true);
    const count = (await audits('org.notification_policy_changed')).length;
    await as.owner.action(updateNotificationPolicy, { ...allOn, enabled: 'on' });
    expect(await audits('org.notification_policy_changed')).toHaveLength(count);
  });

  it('shows security notices locked with the reason', async () => {
    await as.owner.action(updateNotificationPolicy, { enabled: 'on' });
    const page = await render(as.owner, () => OrgNotificationsPage());
    expect(page.result).toContain('All notifications');
    expect(page.result).toContain('Task assigned');
    expect(page.result).toContain('Always on: security notices can&#x27;t be turned off.');
    const mandatory = NOTIFICATION_EVENTS.filter((e) => e.mandatory).length;
    expect(page.result!.match(/<input[^>]*disabled=""[^>]*>/g)?.length).toBe(mandatory);
    const switchable = NOTIFICATION_EVENTS.length - mandatory;
    expect((await orgRow(orgId)).notificationEvents).toEqual(
      Object.fromEntries(NOTIFICATION_EVENTS.filter((e) => !e.mandatory).map((e) => [e.key, false])),
    );
    expect(Object.keys((await orgRow(orgId)).notificationEvents)).toHaveLength(switchable);
  });
});
