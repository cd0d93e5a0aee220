import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';
import {
  findNotificationEvent,
  NOTIFICATION_EVENTS,
  type NotificationChannel,
  type OrgNotificationPolicy,
} from './events';
import { DEADLINE_RANGES, REMINDER_MINUTES, type ResolvedNotificationOptions } from './options';
import { prefKey, resolveChannel, type NotificationPrefs } from './resolve';

/** A ticked box posts "on" without JavaScript; an unticked one posts nothing. */
const box = fields.checkbox();

/** Every switch the catalogue has: one per event and channel it supports, named by its stored key. */
export const NOTIFICATION_SWITCHES: readonly { event: string; channel: NotificationChannel; key: string }[] =
  NOTIFICATION_EVENTS.flatMap((e) =>
    e.channels.map((channel) => ({ event: e.key, channel, key: prefKey(e.key, channel) })),
  );

const SWITCH_KEYS: ReadonlySet<string> = new Set(NOTIFICATION_SWITCHES.map((s) => s.key));

/** "never" or one of the offered lead times, as the select posts them. */
export const REMINDER_CHOICES = ['never', ...REMINDER_MINUTES.map(String)] as [string, ...string[]];
export const reminderChoice = (minutes: number | null): string => (minutes === null ? 'never' : String(minutes));
const reminder = z.pipe(
  z.enum(REMINDER_CHOICES, { error: 'notifications.errors.choice' }),
  z.transform((v: string) => (v === 'never' ? null : Number(v))),
);

/**
 * Option fields are plain names; a switch's field is its stored key (`task.assigned.email`), so a
 * posted name with a dot is a switch and must be one the catalogue has. A name for an unknown
 * event, or for a channel the event lacks, refuses the whole form rather than being dropped.
 */
const knownSwitches = z.superRefine((raw: Record<string, unknown>, ctx) => {
  for (const name of Object.keys(raw)) {
    if (name.includes('.') && !SWITCH_KEYS.has(name)) {
      ctx.issues.push({
        code: 'custom',
        message: 'notifications.errors.unknownSwitch',
        path: [name],
        input: raw[name],
      });
    }
  }
});

const settingsObject = z.object({
  deadlineRange: z.enum(DEADLINE_RANGES, { error: 'notifications.errors.choice' }),
  showCrmTasksSeparately: box,
  approveByEmail: box,
  taskReminderMinutes: reminder,
  calendarReminderMinutes: reminder,
  chatPopups: box,
  dailyDigest: box,
  ...Object.fromEntries(NOTIFICATION_SWITCHES.map((s) => [s.key, box])),
});

export const notificationSettingsSchema = z.pipe(
  z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null).check(knownSwitches),
  z.pipe(
    settingsObject,
    z.transform((input: z.output<typeof settingsObject>) => {
      const posted = input as Record<string, unknown>;
      const switches: Record<string, boolean> = {};
      for (const s of NOTIFICATION_SWITCHES) switches[s.key] = posted[s.key] === true;
      const options: ResolvedNotificationOptions = {
        deadlineRange: input.deadlineRange,
        showCrmTasksSeparately: input.showCrmTasksSeparately,
        approveByEmail: input.approveByEmail,
        taskReminderMinutes: input.taskReminderMinutes,
        calendarReminderMinutes: input.calendarReminderMinutes,
        chatPopups: input.chatPopups,
        dailyDigest: input.dailyDigest,
      };
      return { switches, options };
    }),
  ),
);
export type NotificationSettingsValues = Record<string, string | boolean | undefined>;
export type NotificationSettingsInput = z.output<typeof notificationSettingsSchema>;

/**
 * The form's fields as stored now, in the strings a form posts ("on" for a ticked box): the page
 * after a save shows them without being rendered again. Locked switches are left out; the form
 * shows their effective value, which no post changes.
 */
export function notificationFormValues(
  policy: OrgNotificationPolicy,
  prefs: NotificationPrefs,
  options: ResolvedNotificationOptions,
): Record<string, string> {
  const values: Record<string, string> = {
    deadlineRange: options.deadlineRange,
    taskReminderMinutes: reminderChoice(options.taskReminderMinutes),
    calendarReminderMinutes: reminderChoice(options.calendarReminderMinutes),
  };
  for (const name of ['showCrmTasksSeparately', 'approveByEmail', 'chatPopups', 'dailyDigest'] as const) {
    if (options[name]) values[name] = 'on';
  }
  for (const s of NOTIFICATION_SWITCHES) {
    const setting = resolveChannel(policy, prefs, findNotificationEvent(s.event)!, s.channel);
    if (!setting.lock && setting.on) values[s.key] = 'on';
  }
  return values;
}
