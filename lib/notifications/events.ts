// Pure and client-safe: the organization's switches and every user's own settings page read it.

import type { Catalog } from '../i18n/catalog';
import type { MessageKey } from '../i18n/message';

export const NOTIFICATION_CHANNELS = ['email', 'inApp', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

type EventName = keyof Catalog['orgNotifications']['events'];

/** The applications of the suite whose events Roster delivers, in the order settings pages list them. */
export const NOTIFICATION_APPS = ['tasks', 'approvals', 'calendar', 'chat', 'import', 'security'] as const;
export type NotificationApp = (typeof NOTIFICATION_APPS)[number];

export type NotificationEvent = {
  key: string;
  app: NotificationApp;
  /** Message keys of the event's name and a one-line explanation. */
  labelKey: MessageKey;
  descriptionKey: MessageKey;
  /** The channels the event can be delivered on; a user chooses among these. */
  channels: readonly NotificationChannel[];
  /** The app's default per channel, before the person chooses (channels not listed are on). */
  defaults: Partial<Record<NotificationChannel, boolean>>;
  /** Sent at once even to people who take a daily digest (a reminder or a request waits for no one). */
  urgent: boolean;
  /** Security notices: neither the organization nor the user can turn them off. */
  mandatory: boolean;
};

type EventOptions = { defaults?: Partial<Record<NotificationChannel, boolean>>; urgent?: boolean; mandatory?: boolean };

const event = (
  key: string,
  app: NotificationApp,
  name: EventName,
  channels: readonly NotificationChannel[],
  options: EventOptions = {},
): NotificationEvent => ({
  key,
  app,
  labelKey: `orgNotifications.events.${name}.label`,
  descriptionKey: `orgNotifications.events.${name}.description`,
  channels,
  defaults: options.defaults ?? {},
  urgent: options.urgent ?? false,
  mandatory: options.mandatory ?? false,
});

const ALL: readonly NotificationChannel[] = NOTIFICATION_CHANNELS;
const SECURITY = { mandatory: true, urgent: true } as const;

/** The one catalogue of notification events, in the order settings pages list them. */
export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  event('task.assigned', 'tasks', 'taskAssigned', ALL, { defaults: { push: false } }),
  event('task.deadline', 'tasks', 'taskDeadline', ALL, { urgent: true }),
  event('approval.requested', 'approvals', 'approvalRequested', ALL, { urgent: true }),
  event('approval.decided', 'approvals', 'approvalDecided', ALL, { defaults: { push: false } }),
  event('calendar.reminder', 'calendar', 'calendarReminder', ALL, { urgent: true, defaults: { email: false } }),
  event('mention', 'chat', 'mention', ALL, { defaults: { email: false } }),
  event('import.finished', 'import', 'importFinished', ['email', 'inApp']),
  event('security.password_changed', 'security', 'securityPasswordChanged', ['email'], SECURITY),
  event('security.two_factor_changed', 'security', 'securityTwoFactorChanged', ['email'], SECURITY),
  event('security.backup_codes', 'security', 'securityBackupCodes', ['email'], SECURITY),
  event('security.pin_changed', 'security', 'securityPinChanged', ['email'], SECURITY),
  event('security.token_created', 'security', 'securityTokenCreated', ['email'], SECURITY),
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
