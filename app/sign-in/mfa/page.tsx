import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';

import { AuthCard } from '@/components/shell/auth-card';
import { getCurrentSession } from '@/lib/auth/current';
import { safeCallbackPath } from '@/lib/auth/sign-in-schema';
import { getT } from '@/lib/i18n/server';

import { MfaForm } from './mfa-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('mfa.title') };
}

export default async function MfaPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  await connection();
  const params = await searchParams;
  // Only a path that is safe to redirect to travels on in the form.
  const callbackUrl = params.callbackUrl === undefined ? undefined : safeCallbackPath(params.callbackUrl);
  const current = await getCurrentSession();
  if (!current) redirect('/sign-in');
  if (!current.session.mfaPending) redirect(safeCallbackPath(callbackUrl));
  const t = await getT();
  return (
    <AuthCard
      title={t('mfa.title')}
      intro={t('mfa.intro', { email: current.user.email })}
      footer={
        <form action="/sign-out" method="post">
          <button type="submit" className="underline underline-offset-4">
            {t('mfa.signOut')}
          </button>
        </form>
      }
    >
      <MfaForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
