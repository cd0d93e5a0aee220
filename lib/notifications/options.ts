// Pure and client-safe: the settings form shows these, delivery and reminders use them.

import type { NotificationOptions } from '@/db/schema/notifications';

export const DEADLINE_RANGES = ['earlier', 'today', 'tomorrow', 'week', 'later'] as const;

/** Lead times offered for reminders, in minutes. */
export const REMINDER_MINUTES = [5, 10, 15, 30, 60, 120, 240, 1440, 2880] as const;

export type ResolvedNotificationOptions = Required<NotificationOptions>;

export const NOTIFICATION_OPTION_DEFAULTS: ResolvedNotificationOptions = {
  deadlineRange: 'week',
  showCrmTasksSeparately: false,
  approveByEmail: false,
  taskReminderMinutes: 60,
  calendarReminderMinutes: 15,
  chatPopups: true,
  dailyDigest: false,
};

/** A person's options as stored, each missing one at its default. */
export function notificationOptions(stored: NotificationOptions | null | undefined): ResolvedNotificationOptions {
  return { ...NOTIFICATION_OPTION_DEFAULTS, ...(stored ?? {}) } as ResolvedNotificationOptions;
}
