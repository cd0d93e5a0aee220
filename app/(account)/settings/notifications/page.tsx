import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import {
  NOTIFICATION_APPS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  notificationLock,
} from '@/lib/notifications/events';
import { notificationOptions } from '@/lib/notifications/options';
import { listPushDevices, vapidPublicKey } from '@/lib/notifications/push';
import { prefKey, resolveChannel } from '@/lib/notifications/resolve';
import { hasBusinessEmail } from '@/lib/org/mail-server';

import { PushCard } from './push-card';
import { NotificationSettingsForm, type AppGroup, type SwitchCell } from './settings-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.notifications.title') };
}

/** "Email on new tasks" is this switch, not an option of its own. */
const EMAIL_ON_NEW_TASKS = prefKey('task.assigned', 'email');

export default userPage(async function NotificationsPage({ current, db }) {
  const { user, org } = current;
  const t = await getT();
  const prefs = user.notificationPrefs ?? {};
  const lockReason = (lock: ReturnType<typeof notificationLock>) => (lock ? t(`notifications.lock.${lock}`) : null);
  const channelNames = NOTIFICATION_CHANNELS.map((c) => t(`orgNotifications.channels.${c}`));

  // What each switch shows is what delivery would do: the one rule decides both.
  const cells = new Map<string, SwitchCell>();
  const groups: AppGroup[] = NOTIFICATION_APPS.map((app) => ({
    app,
    title: t(`notifications.apps.${app}`),
    rows: NOTIFICATION_EVENTS.filter((e) => e.app === app).map((e) => {
      const label = t(e.labelKey);
      return {
        key: e.key,
        label,
        description: t(e.descriptionKey),
        lockReason: lockReason(notificationLock(org, e.key)),
        cells: NOTIFICATION_CHANNELS.map((channel, i) => {
          if (!e.channels.includes(channel)) return null;
          const setting = resolveChannel(org, prefs, e, channel);
          const cell: SwitchCell = {
            key: prefKey(e.key, channel),
            label: t('notifications.switchLabel', { event: label, channel: channelNames[i] }),
            on: setting.on,
            lockReason: lockReason(setting.lock),
          };
          cells.set(cell.key, cell);
          return cell;
        }),
      };
    }),
  }));

  const [approveByEmailOffered, devices, publicKey] = await Promise.all([
    hasBusinessEmail(db, user.orgId),
    listPushDevices(db, user),
    vapidPublicKey(),
  ]);

  return (
    <>
      <PageHeading title={t('sections.notifications.title')} description={t('sections.notifications.description')} />
      <div className="space-y-6">
        <NotificationSettingsForm
          groups={groups}
          channelNames={channelNames}
          emailOnNewTasks={cells.get(EMAIL_ON_NEW_TASKS)!}
          options={notificationOptions(user.notificationOptions)}
          approveByEmailOffered={approveByEmailOffered}
        />
        <PushCard devices={devices} publicKey={publicKey} />
      </div>
    </>
  );
});
