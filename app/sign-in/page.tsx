import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { AuthCard } from '@/components/shell/auth-card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { getCurrentSession } from '@/lib/auth/current';
import { publicPage } from '@/lib/auth/pages';
import { safeCallbackPath } from '@/lib/auth/sign-in-schema';
import { orUnavailable } from '@/lib/http/unavailable';
import { getT } from '@/lib/i18n/server';
import { isSetupDone } from '@/lib/setup/setup';

import { SignInForm } from './sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('signIn.title') };
}

type Props = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

export default publicPage<Props>({ waitForRequest: true }, async function SignInPage({ searchParams, db }) {
  if (!(await orUnavailable(() => isSetupDone(db)))) redirect('/setup');
  const params = await searchParams;
  // Only a path that is safe to redirect to travels on in the form.
  const callbackUrl = params.callbackUrl === undefined ? undefined : safeCallbackPath(params.callbackUrl);
  const current = await orUnavailable(getCurrentSession);
  if (current && !current.session.mfaPending) redirect(safeCallbackPath(callbackUrl));
  const t = await getT();
  return (
    <AuthCard title={t('signIn.title')} intro={t('signIn.intro')}>
      <div className="mb-4 empty:hidden">
        <FlashNotice path="/sign-in" />
      </div>
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
});
