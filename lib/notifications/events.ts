// Pure and client-safe: the organization's switches and every user's own settings page read it.

import type { Catalog } from '../i18n/catalog';
import type { MessageKey } from '../i18n/message';

export const NOTIFICATION_CHANNELS = ['email', 'inApp', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

type EventName = keyof Catalog['orgNotifications']['events'];

export type NotificationEvent = {
  key: string;
  /** Message keys of the event's name and a one-line explanation. */
  labelKey: MessageKey;
  descriptionKey: MessageKey;
  /** The channels the event can be delivered on; a user chooses among these. */
  channels: readonly NotificationChannel[];
  /** Security notices: neither the organization nor the user can turn them off. */
  mandatory: boolean;
};

const event = (
  key: string,
  name: EventName,
  channels: readonly NotificationChannel[],
  mandatory = false,
): NotificationEvent => ({
  key,
  labelKey: `orgNotifications.events.${name}.label`,
  descriptionKey: `orgNotifications.events.${name}.description`,
  channels,
  mandatory,
});

const ALL: readonly NotificationChannel[] = NOTIFICATION_CHANNELS;

/** The one catalogue of notification events, in the order settings pages list them. */
export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  event('task.assigned', 'taskAssigned', ALL),
  event('task.deadline', 'taskDeadline', ALL),
  event('approval.requested', 'approvalRequested', ALL),
  event('approval.decided', 'approvalDecided', ALL),
  event('calendar.reminder', 'calendarReminder', ALL),
  event('mention', 'mention', ALL),
  event('import.finished', 'importFinished', ['email', 'inApp']),
  event('security.password_changed', 'securityPasswordChanged', ['email'], true),
  event('security.two_factor_changed', 'securityTwoFactorChanged', ['email'], true),
  event('security.backup_codes', 'securityBackupCodes', ['email'], true),
  event('security.pin_changed', 'securityPinChanged', ['email'], true),
  event('security.token_created', 'securityTokenCreated', ['email'], true),
];

export type NotificationEventKey = string;

export function findNotificationEvent(key: string): NotificationEvent | undefined {
  return NOTIFICATION_EVENTS.find((e) => e.key === key);
}

/** The organization's policy as stored on `organizations`. */
export type OrgNotificationPolicy = { notificationsEnabled: boolean; notificationEvents: Record<string, boolean> };

/** Why an event is locked for a user, or null when the user may choose. */
export type NotificationLock = 'mandatory' | 'orgDisabledAll' | 'orgDisabledEvent' | null;

export function notificationLock(policy: OrgNotificationPolicy, key: string): NotificationLock {
  const found = findNotificationEvent(key);
  if (found?.mandatory) return 'mandatory';
  if (!policy.notificationsEnabled) return 'orgDisabledAll';
  if (policy.notificationEvents?.[key] === false) return 'orgDisabledEvent';
  return null;
}

/** Whether the organization lets this event be sent at all (users may still turn it off). */
export function isEventAllowedByOrg(policy: OrgNotificationPolicy, key: string): boolean {
  const lock = notificationLock(policy, key);
  return lock === null || lock === 'mandatory';
}

/** The form field of an event's switch: event keys have dots, which form libraries read as paths. */
export function eventFieldName(key: string): string {
  return `event_${key.replace(/[^a-zA-Z0-9]/g, '_')}`;
}
