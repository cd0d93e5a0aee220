import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { organizations, users } from '@/db/schema';
import type { NotificationOptions } from '@/db/schema/notifications';

import { audit } from '../audit/log';
import { hasBusinessEmail } from '../org/mail-server';
import type { AccountUser, AuditMeta } from '../profile/account-user';
import { findNotificationEvent, type OrgNotificationPolicy } from './events';
import { notificationOptions, type ResolvedNotificationOptions } from './options';
import { rescheduleReminders } from './reminders';
import { resolveChannel, type NotificationPrefs } from './resolve';
import { NOTIFICATION_SWITCHES, type NotificationSettingsInput } from './settings-schema';

type Actor = Pick<AccountUser, 'id' | 'orgId'>;

export type NotificationSettingsResult =
  | {
      ok: true;
      /** Switch keys (`task.assigned.email`) and option names whose value changed. */
      changed: string[];
      prefs: NotificationPrefs;
      options: ResolvedNotificationOptions;
      /** Whether "Approve by email" is offered (the organization has a business email). */
      approveByEmailOffered: boolean;
      /** The organization's switches as read in the same transaction. */
      policy: OrgNotificationPolicy;
    }
  | { ok: false; error: 'approveByEmailUnavailable' };

const OPTION_NAMES = Object.keys(notificationOptions({})) as (keyof ResolvedNotificationOptions)[];

/**
 * Saves a person's own switches and options. A switch the organization or the catalogue locks is
 * not the person's to set, so whatever was posted for it is left aside and its stored value kept.
 * Only switches whose effective value changes are written, so a switch never touched keeps
 * following the app's default. "Approve by email" needs the organization's business email: a
 * request to turn it on without one is refused; without one and not asked for, the stored value
 * stays as it was.
 */
export async function updateNotificationSettings(
  db: Db,
  actor: Actor,
  input: NotificationSettingsInput,
  meta?: AuditMeta,
): Promise<NotificationSettingsResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ prefs: users.notificationPrefs, options: users.notificationOptions })
      .from(users)
      .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)))
      .for('update');
    const [org] = await tx
      .select({
        notificationsEnabled: organizations.notificationsEnabled,
        notificationEvents: organizations.notificationEvents,
      })
      .from(organizations)
      .where(eq(organizations.id, actor.orgId));
    const policy: OrgNotificationPolicy = org ?? { notificationsEnabled: true, notificationEvents: {} };
    const offered = await hasBusinessEmail(tx, actor.orgId);
    if (!offered && input.options.approveByEmail) return { ok: false, error: 'approveByEmailUnavailable' } as const;

    // The actor's own row only: an id and organization that do not match write nothing.
    if (!row)
      return {
        ok: true,
        changed: [],
        prefs: {},
        options: notificationOptions({}),
        approveByEmailOffered: offered,
        policy,
      } as const;
    const storedPrefs: NotificationPrefs = { ...row.prefs };
    const storedOptions: NotificationOptions = { ...row.options };
    const prefs: NotificationPrefs = { ...storedPrefs };
    const changed: string[] = [];
    for (const s of NOTIFICATION_SWITCHES) {
      const event = findNotificationEvent(s.event)!;
      const now = resolveChannel(policy, storedPrefs, event, s.channel);
      if (now.lock) continue;
      const wanted = input.switches[s.key];
      if (wanted === now.on) continue;
      prefs[s.key] = wanted;
      changed.push(s.key);
    }

    const before = notificationOptions(storedOptions);
    const wantedOptions: ResolvedNotificationOptions = {
      ...input.options,
      approveByEmail: offered ? input.options.approveByEmail : before.approveByEmail,
    };
    const options: NotificationOptions = { ...storedOptions };
    for (const name of OPTION_NAMES) {
      if (wantedOptions[name] === before[name]) continue;
      (options as Record<string, unknown>)[name] = wantedOptions[name];
      changed.push(name);
    }

    if (changed.length) {
      await tx
        .update(users)
        .set({ notificationPrefs: prefs, notificationOptions: options, updatedAt: new Date() })
        .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)));
      await audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'notifications.settings_changed',
        targetType: 'user',
        targetId: actor.id,
        data: { changed },
        meta,
      });
      if (changed.includes('taskReminderMinutes') || changed.includes('calendarReminderMinutes')) {
        await rescheduleReminders(tx, actor, options);
      }
    }
    return {
      ok: true,
      changed,
      prefs,
      options: notificationOptions(options),
      approveByEmailOffered: offered,
      policy,
    } as const;
  });
}
