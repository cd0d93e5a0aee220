import 'server-only';

import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { reminders, users, type ReminderKind } from '@/db/schema';
import type { NotificationOptions } from '@/db/schema/notifications';

import { dateToLocalInput, localInputToDate } from '../availability/local-time';
import { mailIntl } from '../mail/recipient';
import { deliverNotification } from './deliver';
import { notificationOptions } from './options';

const DAY_MINUTES = 1440;

/**
 * When a reminder `leadMinutes` before `dueAt` goes out, or null for none. Whole days are counted
 * on the person's own calendar ("a day before" a 9:00 deadline is 9:00 the day before, across a
 * change of summer time too); the minutes left over are counted on the clock.
 */
export function reminderSendAt(dueAt: Date, leadMinutes: number | null, timeZone: string | null): Date | null {
  if (leadMinutes === null || leadMinutes < 0) return null;
  const days = Math.floor(leadMinutes / DAY_MINUTES);
  let at = dueAt;
  if (days > 0) {
    const [date, time] = dateToLocalInput(dueAt, timeZone).split('T');
    const shifted = new Date(`${date}T00:00:00Z`);
    shifted.setUTCDate(shifted.getUTCDate() - days);
    const local = localInputToDate(`${shifted.toISOString().slice(0, 10)}T${time}`, timeZone);
    // The wall-clock value keeps minutes only: put the seconds of the deadline back.
    if (local) at = new Date(local.getTime() + (dueAt.getTime() % 60_000));
  }
  return new Date(at.getTime() - (leadMinutes % DAY_MINUTES) * 60_000);
}

/** The lead time a reminder follows: its own, or the person's setting for its kind. */
function leadFor(kind: ReminderKind, own: number | null, options: NotificationOptions): number | null {
  if (own !== null) return own;
  const resolved = notificationOptions(options);
  return kind === 'task' ? resolved.taskReminderMinutes : resolved.calendarReminderMinutes;
}

export type ReminderInput = {
  userId: string;
  kind: ReminderKind;
  /** The calling application's id of the task or event. */
  key: string;
  title: string;
  url: string | null;
  dueAt: Date;
  /** A calendar event's own lead time; tasks follow the person's setting. */
  leadMinutes: number | null;
};

/**
 * Creates or updates the reminder of a task or calendar event for a person of the organization
 * (the same key updates it, and a changed time makes it due again). Null when no such person.
 */
export async function upsertReminder(
  db: Executor,
  orgId: string,
  input: ReminderInput,
): Promise<{ id: string; sendAt: Date | null } | null> {
  const [user] = await db
    .select({ timeZone: users.timeZone, options: users.notificationOptions })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.orgId, orgId)));
  if (!user) return null;
  const sendAt = reminderSendAt(input.dueAt, leadFor(input.kind, input.leadMinutes, user.options), user.timeZone);
  const values = {
    title: input.title,
    url: input.url,
    dueAt: input.dueAt,
    leadMinutes: input.leadMinutes,
    sendAt,
    sentAt: null,
    updatedAt: new Date(),
  };
  const [row] = await db
    .insert(reminders)
    .values({ orgId, userId: input.userId, kind: input.kind, sourceKey: input.key, ...values })
    .onConflictDoUpdate({
      target: [reminders.orgId, reminders.userId, reminders.kind, reminders.sourceKey],
      set: values,
    })
    .returning({ id: reminders.id, sendAt: reminders.sendAt });
  return row;
}

/** Drops the reminder of a task or event (done, deleted); false when there was none. */
export async function cancelReminder(
  db: Executor,
  orgId: string,
  target: { userId: string; kind: ReminderKind; key: string },
): Promise<boolean> {
  const gone = await db
    .delete(reminders)
    .where(
      and(
        eq(reminders.orgId, orgId),
        eq(reminders.userId, target.userId),
        eq(reminders.kind, target.kind),
        eq(reminders.sourceKey, target.key),
      ),
    )
    .returning({ id: reminders.id });
  return gone.length > 0;
}

/**
 * Recomputes when each of the person's unsent reminders goes out after they changed their lead
 * times (a calendar event with its own lead time keeps it).
 */
export async function rescheduleReminders(
  db: Executor,
  user: { id: string; orgId: string },
  options: NotificationOptions,
): Promise<void> {
  const [person] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, user.id));
  const pending = await db
    .select({ id: reminders.id, kind: reminders.kind, dueAt: reminders.dueAt, leadMinutes: reminders.leadMinutes })
    .from(reminders)
    .where(and(eq(reminders.userId, user.id), eq(reminders.orgId, user.orgId), isNull(reminders.sentAt)));
  for (const reminder of pending) {
    const sendAt = reminderSendAt(
      reminder.dueAt,
      leadFor(reminder.kind, reminder.leadMinutes, options),
      person?.timeZone ?? null,
    );
    await db.update(reminders).set({ sendAt, updatedAt: new Date() }).where(eq(reminders.id, reminder.id));
  }
}

/**
 * Sends every reminder that is due, once: each is claimed and marked sent in the transaction that
 * delivers it, so two workers never send one twice, and a reminder whose time passed while the
 * app was down goes out late rather than never. Returns how many were sent.
 */
export async function sendDueReminders(db: Db, now: Date = new Date(), limit = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ reminder: reminders, locale: users.locale, timeZone: users.timeZone })
      .from(reminders)
      .innerJoin(users, eq(users.id, reminders.userId))
      .where(and(isNull(reminders.sentAt), lte(reminders.sendAt, now)))
      .orderBy(asc(reminders.sendAt))
      .limit(limit)
      .for('update', { of: reminders, skipLocked: true });
    for (const { reminder, locale, timeZone } of due) {
      await tx.update(reminders).set({ sentAt: now }).where(eq(reminders.id, reminder.id));
      const { t, time } = mailIntl({ locale, timeZone });
      const task = reminder.kind === 'task';
      await deliverNotification(tx, {
        orgId: reminder.orgId,
        userId: reminder.userId,
        event: task ? 'task.deadline' : 'calendar.reminder',
        title: t(task ? 'mail.reminder.taskTitle' : 'mail.reminder.calendarTitle', { title: reminder.title }),
        body: t(task ? 'mail.reminder.taskBody' : 'mail.reminder.calendarBody', { time: time(reminder.dueAt) }),
        url: reminder.url,
      });
    }
    return due.length;
  });
}

/** Reminders not sent yet (for tests and the job engine's health). */
export async function pendingReminders(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reminders)
    .where(and(eq(reminders.userId, userId), isNull(reminders.sentAt)));
  return row.n;
}
