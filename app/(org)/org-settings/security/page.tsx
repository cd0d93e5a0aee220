import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { countWithoutMfa } from '@/lib/org/policies';

import { SecurityPolicyForm } from './security-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.security.title') };
}

export default permissionPage('policies.manage', async function OrgSecurityPage({ current, db }) {
  const { org } = current;
  const t = await getT();
  const withoutMfa = await countWithoutMfa(db, org.id);
  return (
    <>
      <PageHeading title={t('orgSections.security.title')} description={t('orgSections.security.description')} />
      <Card title={t('orgSecurity.policyTitle')} id="policy" description={t('orgSecurity.policyIntro')}>
        <SecurityPolicyForm
          requireMfa={org.requireMfa}
          sessionIdleMinutes={org.sessionIdleMinutes}
          sessionAbsoluteHours={org.sessionAbsoluteHours}
          withoutMfa={withoutMfa}
        />
      </Card>
    </>
  );
});
