import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { SWITCHABLE_EVENTS } from '@/lib/org/notification-policy-schema';

import { NotificationPolicyForm } from './notifications-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.notifications.title') };
}

export default permissionPage('policies.manage', async function OrgNotificationsPage({ current }) {
  const { org } = current;
  const t = await getT();
  const disabledEvents = SWITCHABLE_EVENTS.filter((e) => org.notificationEvents?.[e.key] === false).map((e) => e.key);
  return (
    <>
      <PageHeading
        title={t('orgSections.notifications.title')}
        description={t('orgSections.notifications.description')}
      />
      <Card title={t('orgNotifications.policyTitle')} id="policy" description={t('orgNotifications.policyIntro')}>
        <NotificationPolicyForm enabled={org.notificationsEnabled} disabledEvents={disabledEvents} />
      </Card>
    </>
  );
});
