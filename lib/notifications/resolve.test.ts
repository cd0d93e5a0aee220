import { describe, expect, it } from 'vitest';

import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, type OrgNotificationPolicy } from './events';
import { deliveryChannels, prefKey, resolveChannel, type NotificationPrefs } from './resolve';

const ORG_ALL = [true, false] as const;
const ORG_EVENT = ['unset', true, false] as const;
const USER = ['unset', true, false] as const;

describe('resolveChannel: organization → organization per event → app default → the person', () => {
  it('decides every event × channel × organization switch × organization event switch × the person’s switch', () => {
    const rows: string[] = [];
    for (const event of NOTIFICATION_EVENTS) {
      for (const channel of NOTIFICATION_CHANNELS) {
        for (const orgAll of ORG_ALL) {
          for (const orgEvent of ORG_EVENT) {
            for (const user of USER) {
              const policy: OrgNotificationPolicy = {
                notificationsEnabled: orgAll,
                notificationEvents: orgEvent === 'unset' ? {} : { [event.key]: orgEvent },
              };
              const prefs: NotificationPrefs = user === 'unset' ? {} : { [prefKey(event.key, channel)]: user };
              const got = resolveChannel(policy, prefs, event, channel);
              const supported = event.channels.includes(channel);
              let expected: { on: boolean; lock: string | null };
              if (!supported) expected = { on: false, lock: null };
              else if (event.mandatory) expected = { on: channel === 'email', lock: 'mandatory' };
              else if (!orgAll) expected = { on: false, lock: 'orgDisabledAll' };
              else if (orgEvent === false) expected = { on: false, lock: 'orgDisabledEvent' };
              else if (user !== 'unset') expected = { on: user, lock: null };
              else expected = { on: event.defaults[channel] ?? true, lock: null };
              expect(got, `${event.key} ${channel} org=${orgAll} event=${orgEvent} user=${user}`).toEqual(expected);
              rows.push(`${event.key}|${channel}|${orgAll}|${orgEvent}|${user}`);
            }
          }
        }
      }
    }
    expect(rows).toHaveLength(NOTIFICATION_EVENTS.length * NOTIFICATION_CHANNELS.length * 2 * 3 * 3);
  });

  it('never lets anyone turn a security notice off, and sends it by email only', () => {
    const security = NOTIFICATION_EVENTS.filter((e) => e.mandatory);
    expect(security.length).toBeGreaterThan(0);
    for (const event of security) {
      const off = { notificationsEnabled: false, notificationEvents: { [event.key]: false } };
      expect(deliveryChannels(off, { [prefKey(event.key, 'email')]: false }, event.key)).toEqual(['email']);
    }
  });

  it('honours the old whole-event switch where the person never chose per channel', () => {
    const policy = { notificationsEnabled: true, notificationEvents: {} };
    expect(deliveryChannels(policy, { 'task.assigned': false }, 'task.assigned')).toEqual([]);
    expect(deliveryChannels(policy, { 'task.assigned': false, 'task.assigned.inApp': true }, 'task.assigned')).toEqual([
      'inApp',
    ]);
  });

  it('uses the app defaults, and knows no unknown event', () => {
    const policy = { notificationsEnabled: true, notificationEvents: {} };
    expect(deliveryChannels(policy, {}, 'task.assigned')).toEqual(['email', 'inApp']);
    expect(deliveryChannels(policy, {}, 'calendar.reminder')).toEqual(['inApp', 'push']);
    expect(deliveryChannels(policy, {}, 'no.such.event')).toEqual([]);
  });
});
