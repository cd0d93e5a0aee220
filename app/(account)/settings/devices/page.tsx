import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import type { SavedDevices } from '@/lib/preferences/devices-schema';

import { DevicesForm } from './devices-form';
import { InstallApp } from './install-app';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.devices.title') };
}

export default userPage(async function DevicesPage({ current }) {
  const { user } = current;
  const t = await getT();
  const stored = user.devices as SavedDevices;
  const saved: SavedDevices = {
    microphoneId: stored.microphoneId,
    microphoneLabel: stored.microphoneLabel,
    speakerId: stored.speakerId,
    speakerLabel: stored.speakerLabel,
  };
  return (
    <>
      <PageHeading title={t('sections.devices.title')} description={t('sections.devices.description')} />
      <div className="space-y-6">
        <Card title={t('devices.cardTitle')} id="devices" description={t('devices.intro')}>
          <DevicesForm saved={saved} />
        </Card>
        <Card title={t('installApp.title')} id="install-app" description={t('installApp.intro')}>
          <InstallApp />
        </Card>
      </div>
    </>
  );
});
