import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { AuthCard } from '@/components/shell/auth-card';
import { publicPage } from '@/lib/auth/pages';
import { orUnavailable } from '@/lib/http/unavailable';
import { getT } from '@/lib/i18n/server';
import { isSetupDone } from '@/lib/setup/setup';

import { SetupForm } from './setup-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('setup.title') };
}

export default publicPage({ waitForRequest: true }, async function SetupPage({ db }) {
  if (await orUnavailable(() => isSetupDone(db))) notFound();
  const t = await getT();
  return (
    <AuthCard title={t('setup.title')} intro={t('setup.intro')}>
      <SetupForm />
    </AuthCard>
  );
});
