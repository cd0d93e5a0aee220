import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { animationsToChoice } from '@/lib/preferences/appearance';
import { resolveDashboardDefaults } from '@/lib/preferences/dashboard';

import { AppearanceForm } from './appearance-form';
import { DashboardDefaultsForm } from './dashboard-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.general.title') };
}

export default userPage(async function GeneralPage({ current }) {
  const { user } = current;
  const t = await getT();
  return (
    <>
      <PageHeading title={t('sections.general.title')} description={t('sections.general.description')} />
      <div className="space-y-6">
        <Card title={t('general.dashboardTitle')} id="dashboard" description={t('general.dashboardIntro')}>
          <DashboardDefaultsForm defaults={resolveDashboardDefaults(user.dashboardDefaults)} />
        </Card>
        <Card title={t('general.appearanceTitle')} id="appearance" description={t('general.appearanceIntro')}>
          <AppearanceForm theme={user.theme} animations={animationsToChoice(user.animations)} />
        </Card>
      </div>
    </>
  );
});
