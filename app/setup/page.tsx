import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';

import { AuthCard } from '@/components/shell/auth-card';
import { getDb } from '@/db';
import { orUnavailable } from '@/lib/http/unavailable';
import { getT } from '@/lib/i18n/server';
import { isSetupDone } from '@/lib/setup/setup';

import { SetupForm } from './setup-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('setup.title') };
}

export default async function SetupPage() {
  await connection();
  if (await orUnavailable(async () => isSetupDone(await getDb()))) notFound();
  const t = await getT();
  return (
    <AuthCard title={t('setup.title')} intro={t('setup.intro')}>
      <SetupForm />
    </AuthCard>
  );
}
