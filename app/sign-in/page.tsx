import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { AuthCard } from '@/components/shell/auth-card';
import { getCurrentSession } from '@/lib/auth/current';
import { isSetupDone } from '@/lib/setup/setup';
import { getT } from '@/lib/i18n/server';
import { safeCallbackPath } from './schema';
import { SignInForm } from './sign-in-form';

const NOTICES: Record<string, string> = {
  'signed-out': 'signIn.notice.signedOut',
  'password-reset': 'signIn.notice.passwordReset',
  'session-ended': 'signIn.notice.sessionEnded',
};

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('signIn.title') };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; notice?: string }> }) {
  await connection();
  if (!(await isSetupDone(await getDb()))) redirect('/setup');
  const { callbackUrl, notice } = await searchParams;
  const current = await getCurrentSession();
  if (current && !current.session.mfaPending) redirect(safeCallbackPath(callbackUrl));
  const t = await getT();
  return (
    <AuthCard title={t('signIn.title')} intro={t('signIn.intro')}>
      {notice && NOTICES[notice] ? (
        <p role="status" className="mb-4 text-sm text-zinc-700 dark:text-zinc-300">
          {t(NOTICES[notice] as never)}
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
