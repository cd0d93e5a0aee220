import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { updateNotificationSettings as updateAction } from '@/app/(account)/settings/notifications/actions';
import NotificationsPage from '@/app/(account)/settings/notifications/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, organizations, orgMailServers, reminders, users } from '@/db/schema';
import { NOTIFICATION_OPTION_DEFAULTS } from '@/lib/notifications/options';
import { rescheduleReminders } from '@/lib/notifications/reminders';
import { updateNotificationSettings } from '@/lib/notifications/settings';
import { notificationFormValues, notificationSettingsSchema } from '@/lib/notifications/settings-schema';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

// The browser push card is a section of its own with its own tests (it needs the app router).
vi.mock('@/app/(account)/settings/notifications/push-card', () => ({ PushCard: () => null }));
// Watched, and still run: the reminders already scheduled move with the new lead time.
vi.mock('@/lib/notifications/reminders', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/notifications/reminders')>();
  return { ...actual, rescheduleReminders: vi.fn(actual.rescheduleReminders) };
});

let orgId: string;
let meId: string;
let otherId: string;
let strangerId: string;
const ME = 'ada@lovelace.test';
const OPEN_POLICY = { notificationsEnabled: true, notificationEvents: {} };

/** What the page posts for someone who never changed anything: every default as the form shows it. */
const DEFAULT_FORM = notificationFormValues(OPEN_POLICY, {}, NOTIFICATION_OPTION_DEFAULTS);

async function signIn() {
  const browser = new TestClient();
  const outcome = await browser.action(signInWithPassword, { email: ME, password: STRONG_PASSWORD });
  expect(outcome.redirect).toBe('/settings/profile');
  return browser;
}

async function setPolicy(policy: { notificationsEnabled: boolean; notificationEvents: Record<string, boolean> }) {
  await (await getDb()).update(organizations).set(policy).where(eq(organizations.id, orgId));
}

async function setBusinessEmail(on: boolean) {
  const db = await getDb();
  if (on) {
    await db
      .insert(orgMailServers)
      .values({ orgId, host: 'smtp.lovelace.test', port: 587, security: 'starttls', fromAddress: 'team@lovelace.test' })
      .onConflictDoNothing();
  } else {
    await db.delete(orgMailServers).where(eq(orgMailServers.orgId, orgId));
  }
}

async function resetMe() {
  await (await getDb()).update(users).set({ notificationPrefs: {}, notificationOptions: {} }).where(eq(users.id, meId));
}

let auditsBefore = 0;
const allAudits = async () =>
  (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'notifications.settings_changed'), eq(auditLog.orgId, orgId)))
    .orderBy(auditLog.id);
/** This test's rows: the log is never cleared between tests. */
const audits = async () => (await allAudits()).slice(auditsBefore);

const stored = async (id = meId) => {
  const user = await getUser(id);
  return { prefs: user.notificationPrefs, options: user.notificationOptions };
};

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Analytical Engines', email: ME, role: 'member' });
  orgId = org.id;
  meId = user.id;
  otherId = (await addUser(org.id, { email: 'charles@lovelace.test' })).id;
  strangerId = (await createOrgWithUser({ orgName: 'Jacquard', email: 'joseph@jacquard.test' })).user.id;
  await (
    await getDb()
  )
    .update(users)
    .set({ notificationPrefs: { 'mention.inApp': false }, notificationOptions: { deadlineRange: 'today' } })
    .where(eq(users.id, otherId));
});

beforeEach(async () => {
  await setPolicy(OPEN_POLICY);
  await setBusinessEmail(false);
  await resetMe();
  vi.mocked(rescheduleReminders).mockClear();
  auditsBefore = (await allAudits()).length;
});

describe('notification settings page', () => {
  it('lists the events by app, each channel with its switch, and the locks with their reasons', async () => {
    await setPolicy({ notificationsEnabled: true, notificationEvents: { mention: false } });
    const browser = await signIn();
    const html = (await renderHtml(browser, () => NotificationsPage())).result ?? '';
    const headings = ['Tasks', 'Approvals', 'Calendar', 'Chat', 'Import', 'Security'].map((h) =>
      html.indexOf(`>${h}</h3>`),
    );
    expect(headings.every((at) => at > 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
    expect(html).toContain('aria-label="Task deadline: Browser push"');
    expect(html).toContain('Set in Task options');
    expect(html).not.toContain('aria-label="Task assigned: Email"');
    expect(html).toContain('Required for account security');
    expect(html).toMatch(/disabled=""[^>]*aria-label="Mention: Email"|aria-label="Mention: Email"[^>]*disabled=""/);
    expect(html).toContain('Turned off by your organization');
    expect(html).not.toContain('aria-label="Import finished: Browser push"');
    // No business email: the option is explained instead of offered.
    expect(html).toContain('Your organization has not connected a business email, which approving by email needs.');
    expect(html).not.toContain('name="approveByEmail"');
    expect(html).toContain('Save notification settings');
  });
});

describe('saving', () => {
  it('saves switches and options, answers the stored values and writes one audit row', async () => {
    const browser = await signIn();
    const form: Record<string, string> = {
      ...DEFAULT_FORM,
      'task.deadline.push': '',
      'mention.email': 'on',
      deadlineRange: 'tomorrow',
      showCrmTasksSeparately: 'on',
      taskReminderMinutes: '1440',
      calendarReminderMinutes: 'never',
      dailyDigest: 'on',
    };
    delete form['task.deadline.push'];
    delete form['task.assigned.email'];
    delete form.chatPopups;
    const { result } = await browser.action(updateAction, form);
    expect(result).toMatchObject({ status: 'success', message: 'Notification settings saved.' });
    const now = await stored();
    expect(now.prefs).toEqual({ 'task.deadline.push': false, 'task.assigned.email': false, 'mention.email': true });
    expect(now.options).toEqual({
      deadlineRange: 'tomorrow',
      showCrmTasksSeparately: true,
      taskReminderMinutes: 1440,
      calendarReminderMinutes: null,
      chatPopups: false,
      dailyDigest: true,
    });
    expect(result?.values).toMatchObject({
      deadlineRange: 'tomorrow',
      taskReminderMinutes: '1440',
      'mention.email': 'on',
    });
    expect(result?.values?.['task.assigned.email']).toBeUndefined();
    expect(result?.values?.chatPopups).toBeUndefined();

    const [entry] = await audits();
    expect(entry).toMatchObject({ actorUserId: meId, targetType: 'user', targetId: meId });
    expect((entry.data as { changed: string[] }).changed.sort()).toEqual(
      [
        'task.assigned.email',
        'task.deadline.push',
        'mention.email',
        'deadlineRange',
        'showCrmTasksSeparately',
        'taskReminderMinutes',
        'calendarReminderMinutes',
        'chatPopups',
        'dailyDigest',
      ].sort(),
    );
    expect(rescheduleReminders).toHaveBeenCalledTimes(1);
    expect(vi.mocked(rescheduleReminders).mock.calls[0][1]).toMatchObject({ id: meId, orgId });

    // Saving the same again changes nothing and writes no second row; the answer still shows the values.
    const again = await browser.action(updateAction, form);
    expect(again.result?.status).toBe('success');
    expect(await audits()).toHaveLength(1);
    expect(rescheduleReminders).toHaveBeenCalledTimes(1);
  });

  it('reschedules reminders only when a lead time changes', async () => {
    const db = await getDb();
    const dueAt = new Date(Date.now() + 7 * 24 * 3600_000);
    const [task] = await db
      .insert(reminders)
      .values({ orgId, userId: meId, kind: 'task', sourceKey: `task-${Date.now()}`, title: 'Weave', dueAt })
      .returning();
    const browser = await signIn();
    await browser.action(updateAction, { ...DEFAULT_FORM, taskReminderMinutes: '1440' });
    const [moved] = await db.select().from(reminders).where(eq(reminders.id, task.id));
    expect(moved.sendAt?.getTime()).toBe(dueAt.getTime() - 1440 * 60_000);
    vi.mocked(rescheduleReminders).mockClear();

    const form = { ...DEFAULT_FORM, taskReminderMinutes: '1440' };
    await browser.action(updateAction, { ...form, deadlineRange: 'later', dailyDigest: 'on' });
    expect(rescheduleReminders).not.toHaveBeenCalled();
    await browser.action(updateAction, { ...form, calendarReminderMinutes: '30' });
    expect(rescheduleReminders).toHaveBeenCalledTimes(1);
  });

  it('writes nothing for switches the organization or the catalogue locks, whatever is posted', async () => {
    await setPolicy({ notificationsEnabled: true, notificationEvents: { mention: false } });
    const browser = await signIn();
    const form = { ...DEFAULT_FORM, 'mention.email': 'on', 'mention.inApp': 'on', 'mention.push': 'on' };
    delete (form as Record<string, string>)['security.password_changed.email'];
    const { result } = await browser.action(updateAction, form);
    expect(result?.status).toBe('success');
    expect(await stored()).toEqual({ prefs: {}, options: {} });
    expect(await audits()).toHaveLength(0);

    // All notifications off: no switch is the person's, so nothing posted reaches the row.
    await setPolicy({ notificationsEnabled: false, notificationEvents: {} });
    await browser.action(updateAction, { ...DEFAULT_FORM, 'task.assigned.push': 'on', 'approval.decided.push': 'on' });
    expect((await stored()).prefs).toEqual({});

    // A mandatory security notice posted as off stays on.
    await setPolicy(OPEN_POLICY);
    const withoutSecurity = Object.fromEntries(
      Object.entries(DEFAULT_FORM).filter(([k]) => !k.startsWith('security.')),
    );
    await browser.action(updateAction, withoutSecurity);
    expect((await stored()).prefs).toEqual({});
    expect(await audits()).toHaveLength(0);
  });

  it.each([
    ['an unknown event', 'task.exploded.email'],
    ['a channel the event lacks', 'import.finished.push'],
    ['a channel a security notice lacks', 'security.password_changed.inApp'],
    ['an unknown channel', 'task.assigned.sms'],
  ])('refuses %s and writes nothing', async (_, name) => {
    const browser = await signIn();
    const { result } = await browser.action(updateAction, { ...DEFAULT_FORM, dailyDigest: 'on', [name]: 'on' });
    expect(result?.status).toBe('error');
    expect(result?.fieldErrors).toEqual({ [name]: ['There is no such notification switch; nothing was saved.'] });
    expect(await stored()).toEqual({ prefs: {}, options: {} });
    expect(await audits()).toHaveLength(0);
  });

  it('refuses unknown option values and writes nothing', async () => {
    const browser = await signIn();
    const { result } = await browser.action(updateAction, {
      ...DEFAULT_FORM,
      deadlineRange: 'someday',
      taskReminderMinutes: '7',
    });
    expect(result?.fieldErrors).toEqual({
      deadlineRange: ['Choose one of the options.'],
      taskReminderMinutes: ['Choose one of the options.'],
    });
    expect(await stored()).toEqual({ prefs: {}, options: {} });
  });

  it('refuses approve by email while the organization has no business email, and saves it once it has', async () => {
    const browser = await signIn();
    const refused = await browser.action(updateAction, { ...DEFAULT_FORM, approveByEmail: 'on', dailyDigest: 'on' });
    expect(refused.result?.status).toBe('error');
    expect(refused.result?.fieldErrors).toEqual({
      approveByEmail: ["Approving by email needs your organization's business email, which is not connected."],
    });
    expect(await stored()).toEqual({ prefs: {}, options: {} });

    await setBusinessEmail(true);
    const html = (await renderHtml(browser, () => NotificationsPage())).result ?? '';
    expect(html).toContain('name="approveByEmail"');
    const saved = await browser.action(updateAction, { ...DEFAULT_FORM, approveByEmail: 'on' });
    expect(saved.result?.status).toBe('success');
    expect((await stored()).options).toEqual({ approveByEmail: true });

    // The business email removed: the stored choice stays while the form cannot show it.
    await setBusinessEmail(false);
    await browser.action(updateAction, { ...DEFAULT_FORM, dailyDigest: 'on' });
    expect((await stored()).options).toEqual({ approveByEmail: true, dailyDigest: true });
  });

  it("changes only the signed-in user's row, whatever ids are posted", async () => {
    const before = await Promise.all([stored(otherId), stored(strangerId)]);
    const browser = await signIn();
    await browser.action(updateAction, {
      ...DEFAULT_FORM,
      'mention.inApp': '',
      deadlineRange: 'earlier',
      id: otherId,
      userId: strangerId,
      orgId: 'x',
    });
    expect((await stored()).options).toEqual({ deadlineRange: 'earlier' });
    expect(await Promise.all([stored(otherId), stored(strangerId)])).toEqual(before);
    expect(before[0]).toEqual({ prefs: { 'mention.inApp': false }, options: { deadlineRange: 'today' } });
  });
});

describe('updateNotificationSettings', () => {
  it('keeps switches it was not asked to change following the app default, and an old whole-event switch', async () => {
    const db = await getDb();
    await db
      .update(users)
      .set({ notificationPrefs: { 'approval.decided': false } })
      .where(eq(users.id, meId));
    const input = notificationSettingsSchema.parse({
      ...notificationFormValues(OPEN_POLICY, { 'approval.decided': false }, NOTIFICATION_OPTION_DEFAULTS),
      'calendar.reminder.email': 'on',
    });
    const result = await updateNotificationSettings(db, { id: meId, orgId }, input);
    expect(result).toMatchObject({ ok: true, changed: ['calendar.reminder.email'] });
    expect((await stored()).prefs).toEqual({ 'approval.decided': false, 'calendar.reminder.email': true });
  });

  it('writes nothing for an actor of another organization', async () => {
    const db = await getDb();
    const input = notificationSettingsSchema.parse({ ...DEFAULT_FORM, dailyDigest: 'on' });
    const stranger = await getUser(strangerId);
    await updateNotificationSettings(db, { id: meId, orgId: stranger.orgId }, input);
    expect(await stored()).toEqual({ prefs: {}, options: {} });
  });
});
