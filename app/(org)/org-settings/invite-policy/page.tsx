import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';

import { InvitePolicyForm } from './invite-policy-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.invitePolicy.title') };
}

export default permissionPage('policies.manage', async function InvitePolicyPage({ current }) {
  const { org } = current;
  const t = await getT();
  return (
    <>
      <PageHeading
        title={t('orgSections.invitePolicy.title')}
        description={t('orgSections.invitePolicy.description')}
      />
      <Card title={t('invites.policy.cardTitle')} id="invite-policy" description={t('invites.policy.cardDescription')}>
        <InvitePolicyForm
          initial={{ invitePolicy: org.invitePolicy, allowedDomains: org.allowedEmailDomains.join('\n') }}
        />
      </Card>
    </>
  );
});
