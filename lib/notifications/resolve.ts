// Pure and client-safe: the settings page, the API and delivery decide with the same function.

import {
  findNotificationEvent,
  notificationLock,
  type NotificationChannel,
  type NotificationEvent,
  type NotificationLock,
  type OrgNotificationPolicy,
} from './events';

/** A person's switches as stored (`users.notification_prefs`): `<event>.<channel>: false` for each one turned off. */
export type NotificationPrefs = Record<string, boolean>;

/** The stored key of one switch. */
export const prefKey = (event: string, channel: NotificationChannel): string => `${event}.${channel}`;

/** What one channel of one event does for a person, and why they may not change it. */
export type ChannelSetting = {
  /** Delivered on this channel. */
  on: boolean;
  /** Why the person's own switch does not decide it; null when it does. */
  lock: NotificationLock;
};

/**
 * The one rule, in order: a mandatory security notice always goes out by email; then the
 * organization's switch for everything; then its switch for the event; then the person's own
 * switch for the channel; and where they never chose, the app's default for the event. A
 * channel the event does not support is never on.
 */
export function resolveChannel(
  policy: OrgNotificationPolicy,
  prefs: NotificationPrefs,
  event: NotificationEvent,
  channel: NotificationChannel,
): ChannelSetting {
  if (!event.channels.includes(channel)) return { on: false, lock: null };
  const lock = notificationLock(policy, event.key);
  if (lock === 'mandatory') return { on: channel === 'email', lock };
  if (lock) return { on: false, lock };
  const own = prefs[prefKey(event.key, channel)];
  if (typeof own === 'boolean') return { on: own, lock: null };
  // Settings saved before switches were per channel turned the whole event off as `<event>: false`.
  if (prefs[event.key] === false) return { on: false, lock: null };
  return { on: event.defaults[channel] ?? true, lock: null };
}

/** The channels an event goes out on for a person; none for an event not in the catalogue. */
export function deliveryChannels(
  policy: OrgNotificationPolicy,
  prefs: NotificationPrefs,
  eventKey: string,
): NotificationChannel[] {
  const event = findNotificationEvent(eventKey);
  if (!event) return [];
  return event.channels.filter((channel) => resolveChannel(policy, prefs, event, channel).on);
}
