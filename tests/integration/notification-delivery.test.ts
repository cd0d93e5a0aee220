import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { mailOutbox, notifications, organizations, reminders, users } from '@/db/schema';
import { deliverNotification, deliverToMany, sendDailyDigests } from '@/lib/notifications/deliver';
import {
  cancelReminder,
  reminderSendAt,
  rescheduleReminders,
  sendDueReminders,
  upsertReminder,
} from '@/lib/notifications/reminders';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser } from '../support/fixtures';

useTestDatabase();

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let orgId: string;
let otherOrg: string;

beforeAll(async () => {
  orgId = (await createOrgWithUser({ orgName: 'Deliver Org', email: 'owner@deliver.test', role: 'owner' })).org.id;
  otherOrg = (await createOrgWithUser({ orgName: 'Other Org', email: 'owner@other-deliver.test' })).org.id;
});

const note = (userId: string, event = 'task.assigned', title = 'New task: call back') => ({
  orgId,
  userId,
  event,
  title,
  body: 'Mrs. Smith asked for a call.',
  url: '/tasks/7',
});

async function rowsOf(userId: string) {
  return (await getDb()).select().from(notifications).where(eq(notifications.userId, userId));
}

async function mailTo(email: string) {
  return (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.to, email));
}

describe('deliverNotification', () => {
  it('writes the activity row, queues the mail in the person’s language and marks the push, as the rule says', async () => {
    const db = await getDb();
    const person = await addUser(orgId, { email: 'greta@deliver.test', firstName: 'Greta' });
    await db
      .update(users)
      .set({ locale: 'de', notificationPrefs: { 'task.assigned.push': true } })
      .where(eq(users.id, person.id));
    const result = await deliverNotification(db, note(person.id));
    expect(result.channels).toEqual(['email', 'inApp', 'push']);
    const [row] = await rowsOf(person.id);
    expect(row).toMatchObject({ id: result.id, inApp: true, pushPending: true, digestPending: false, readAt: null });
    const [mail] = await mailTo('greta@deliver.test');
    expect(mail.subject).toBe('New task: call back');
    // A path becomes an absolute link; the footer says where to change it, in German.
    expect(mail.text).toMatch(/https?:\/\/[^/\s]+\/tasks\/7/);
    expect(mail.text).toContain('Benachrichtigungseinstellungen');
  });

  it('writes nothing when no channel is on, for an inactive person, or across organizations', async () => {
    const db = await getDb();
    const quiet = await addUser(orgId, { email: 'quiet@deliver.test' });
    await db
      .update(users)
      .set({ notificationPrefs: { 'mention.email': false, 'mention.inApp': false, 'mention.push': false } })
      .where(eq(users.id, quiet.id));
    expect(await deliverNotification(db, note(quiet.id, 'mention'))).toEqual({ id: null, channels: [] });
    const gone = await addUser(orgId, { email: 'gone@deliver.test' });
    await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, gone.id));
    expect((await deliverNotification(db, note(gone.id))).channels).toEqual([]);
    const stranger = await addUser(otherOrg, { email: 'stranger@other-deliver.test' });
    expect((await deliverNotification(db, note(stranger.id))).channels).toEqual([]);
    for (const id of [quiet.id, gone.id, stranger.id]) expect(await rowsOf(id)).toEqual([]);
    expect(await mailTo('stranger@other-deliver.test')).toEqual([]);
  });

  it('follows the organization: all off, or the event off', async () => {
    const db = await getDb();
    const [org] = await db
      .insert(organizations)
      .values({ name: 'Silent Org', notificationsEnabled: false })
      .returning({ id: organizations.id });
    const person = await addUser(org.id, { email: 'muted@deliver.test' });
    expect((await deliverNotification(db, { ...note(person.id), orgId: org.id })).channels).toEqual([]);
    await db
      .update(organizations)
      .set({ notificationsEnabled: true, notificationEvents: { 'task.assigned': false } })
      .where(eq(organizations.id, org.id));
    expect((await deliverNotification(db, { ...note(person.id), orgId: org.id })).channels).toEqual([]);
    expect((await deliverNotification(db, { ...note(person.id, 'mention'), orgId: org.id })).channels).toEqual([
      'inApp',
      'push',
    ]);
  });

  it('keeps non-urgent mail for the daily digest, sent at 8:00 in the person’s zone, once', async () => {
    const db = await getDb();
    const person = await addUser(orgId, { email: 'digest@deliver.test', firstName: 'Dora' });
    await db
      .update(users)
      .set({ timeZone: 'Asia/Tokyo', notificationOptions: { dailyDigest: true } })
      .where(eq(users.id, person.id));
    await deliverNotification(db, note(person.id, 'task.assigned', 'First of the day'));
    await deliverNotification(db, note(person.id, 'approval.decided', 'Second of the day'));
    // Urgent events do not wait.
    await deliverNotification(db, note(person.id, 'approval.requested', 'Please approve'));
    expect((await mailTo('digest@deliver.test')).map((m) => m.subject)).toEqual(['Please approve']);
    expect((await rowsOf(person.id)).filter((r) => r.digestPending)).toHaveLength(2);

    // The next 7:00 in Tokyo (22:00 UTC), less than a day after they came: they wait.
    const seven = new Date();
    seven.setUTCHours(22, 0, 0, 0);
    if (seven.getTime() <= Date.now()) seven.setUTCDate(seven.getUTCDate() + 1);
    expect(await sendDailyDigests(db, seven)).toBe(0);
    // 8:00 in Tokyo: one mail lists both, then nothing more is pending.
    const eight = new Date(seven.getTime() + HOUR);
    expect(await sendDailyDigests(db, eight)).toBe(1);
    const digest = (await mailTo('digest@deliver.test')).find((m) => m.subject !== 'Please approve')!;
    expect(digest.text).toContain('First of the day');
    expect(digest.text).toContain('Second of the day');
    expect(await sendDailyDigests(db, eight)).toBe(0);
    expect((await rowsOf(person.id)).filter((r) => r.digestPending)).toEqual([]);
  });

  it('sends a digest that waited more than a day whatever the hour', async () => {
    const db = await getDb();
    const person = await addUser(orgId, { email: 'late-digest@deliver.test' });
    await db
      .update(users)
      .set({ notificationOptions: { dailyDigest: true } })
      .where(eq(users.id, person.id));
    await deliverNotification(db, note(person.id));
    await db
      .update(notifications)
      .set({ createdAt: new Date(Date.now() - 2 * DAY) })
      .where(eq(notifications.userId, person.id));
    expect(await sendDailyDigests(db, new Date(Date.UTC(2030, 5, 1, 15, 0)))).toBe(1);
  });

  it('fans one notification out to many, each as their own settings say', async () => {
    const db = await getDb();
    const people = [];
    for (let i = 0; i < 12; i++) people.push(await addUser(orgId, { email: `fan${i}@deliver.test` }));
    await db
      .update(users)
      .set({ notificationPrefs: { 'approval.decided.email': false, 'approval.decided.inApp': false } })
      .where(eq(users.id, people[0].id));
    const ids = people.map((p) => p.id);
    const written = await deliverToMany(db, { ...note('', 'approval.decided', 'Fan-out'), orgId }, ids);
    expect(written).toBe(11);
    expect(await rowsOf(people[0].id)).toEqual([]);
    expect(await rowsOf(people[1].id)).toHaveLength(1);
  });
});

describe('reminders', () => {
  it('counts whole days on the person’s calendar, across a change of summer time', () => {
    // 31 March 2030, Berlin: clocks go forward at 2:00. A deadline at 9:00 on 1 April (7:00 UTC).
    const due = new Date(Date.UTC(2030, 3, 1, 7, 0));
    expect(reminderSendAt(due, 1440, 'Europe/Berlin')?.toISOString()).toBe('2030-03-31T07:00:00.000Z');
    // Across the change: 9:00 on 30 March was 8:00 UTC.
    expect(reminderSendAt(due, 2880, 'Europe/Berlin')?.toISOString()).toBe('2030-03-30T08:00:00.000Z');
    expect(reminderSendAt(due, 90, 'Europe/Berlin')?.toISOString()).toBe('2030-04-01T05:30:00.000Z');
    expect(reminderSendAt(due, null, 'Europe/Berlin')).toBeNull();
  });

  it('schedules by the person’s lead time, reschedules when they change it, and sends once', async () => {
    const db = await getDb();
    const person = await addUser(orgId, { email: 'remind@deliver.test', firstName: 'Rita' });
    await db
      .update(users)
      .set({ timeZone: 'Europe/Berlin', notificationOptions: { taskReminderMinutes: 60 } })
      .where(eq(users.id, person.id));
    const due = new Date(Date.now() + 3 * HOUR);
    const made = await upsertReminder(db, orgId, {
      userId: person.id,
      kind: 'task',
      key: 'TASK-7',
      title: 'Call Mrs. Smith',
      url: '/tasks/7',
      dueAt: due,
      leadMinutes: null,
    });
    expect(made?.sendAt?.getTime()).toBe(due.getTime() - HOUR);
    // The same key updates it rather than adding one.
    await upsertReminder(db, orgId, {
      userId: person.id,
      kind: 'task',
      key: 'TASK-7',
      title: 'Call Mrs. Smith today',
      url: '/tasks/7',
      dueAt: due,
      leadMinutes: null,
    });
    expect(await db.select().from(reminders).where(eq(reminders.userId, person.id))).toHaveLength(1);

    await rescheduleReminders(db, { id: person.id, orgId }, { taskReminderMinutes: 120 });
    const [moved] = await db.select().from(reminders).where(eq(reminders.userId, person.id));
    expect(moved.sendAt?.getTime()).toBe(due.getTime() - 2 * HOUR);

    // Not due yet: nothing. Two workers at the due time: one notification.
    expect(await sendDueReminders(db, new Date(due.getTime() - 3 * HOUR))).toBe(0);
    const at = new Date(due.getTime() - HOUR);
    const [a, b] = await Promise.all([sendDueReminders(db, at), sendDueReminders(db, at)]);
    expect(a + b).toBe(1);
    expect(await sendDueReminders(db, at)).toBe(0);
    const [row] = await rowsOf(person.id);
    expect(row).toMatchObject({
      event: 'task.deadline',
      title: 'Deadline soon: Call Mrs. Smith today',
      url: '/tasks/7',
    });
    expect(row.body).toContain('Europe/Berlin');
  });

  it('sends a reminder whose time passed while the app was down, late rather than never', async () => {
    const db = await getDb();
    const person = await addUser(orgId, { email: 'downtime@deliver.test' });
    await upsertReminder(db, orgId, {
      userId: person.id,
      kind: 'calendar',
      key: 'EVENT-1',
      title: 'Team meeting',
      url: null,
      dueAt: new Date(Date.now() - 10 * MIN),
      leadMinutes: 15,
    });
    expect(await sendDueReminders(db)).toBeGreaterThanOrEqual(1);
    const [row] = await rowsOf(person.id);
    expect(row).toMatchObject({ event: 'calendar.reminder', title: 'Coming up: Team meeting' });
  });

  it('turns off with the person’s setting, and cancels by key within the organization only', async () => {
    const db = await getDb();
    const person = await addUser(orgId, { email: 'no-remind@deliver.test' });
    await db
      .update(users)
      .set({ notificationOptions: { calendarReminderMinutes: null } })
      .where(eq(users.id, person.id));
    const input = {
      userId: person.id,
      kind: 'calendar' as const,
      key: 'EVENT-2',
      title: 'Lunch',
      url: null,
      dueAt: new Date(Date.now() + DAY),
      leadMinutes: null,
    };
    expect((await upsertReminder(db, orgId, input))?.sendAt).toBeNull();
    expect(await upsertReminder(db, otherOrg, input)).toBeNull();
    expect(await cancelReminder(db, otherOrg, { userId: person.id, kind: 'calendar', key: 'EVENT-2' })).toBe(false);
    expect(await cancelReminder(db, orgId, { userId: person.id, kind: 'calendar', key: 'EVENT-2' })).toBe(true);
  });
});
