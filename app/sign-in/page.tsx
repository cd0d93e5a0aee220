import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';

import { AuthCard } from '@/components/shell/auth-card';
import { getDb } from '@/db';
import { getCurrentSession } from '@/lib/auth/current';
import { orUnavailable } from '@/lib/http/unavailable';
import { getT } from '@/lib/i18n/server';
import { isSetupDone } from '@/lib/setup/setup';

import { safeCallbackPath } from './schema';
import { SignInForm } from './sign-in-form';

const NOTICES: Record<string, string> = {
  'signed-out': 'signIn.notice.signedOut',
  'password-reset': 'signIn.notice.passwordReset',
  'session-ended': 'signIn.notice.sessionEnded',
  'email-confirmed': 'signIn.notice.emailConfirmed',
};

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('signIn.title') };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[]; notice?: string | string[] }>;
}) {
  await connection();
  if (!(await orUnavailable(async () => isSetupDone(await getDb())))) redirect('/setup');
  const params = await searchParams;
  // Only a path that is safe to redirect to travels on in the form.
  const callbackUrl = params.callbackUrl === undefined ? undefined : safeCallbackPath(params.callbackUrl);
  const notice =
    typeof params.notice === 'string' && Object.hasOwn(NOTICES, params.notice) ? NOTICES[params.notice] : undefined;
  const current = await orUnavailable(getCurrentSession);
  if (current && !current.session.mfaPending) redirect(safeCallbackPath(callbackUrl));
  const t = await getT();
  return (
    <AuthCard title={t('signIn.title')} intro={t('signIn.intro')}>
      {notice ? (
        <p role="status" className="mb-4 text-sm text-zinc-700 dark:text-zinc-300">
          {t(notice as never)}
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
