import type { Metadata } from 'next';

import { AuthCard } from '@/components/shell/auth-card';
import { Link } from '@/components/ui/link';
import { publicPage } from '@/lib/auth/pages';
import { orUnavailable } from '@/lib/http/unavailable';
import { getT } from '@/lib/i18n/server';
import { findEmailChangeByToken } from '@/lib/org/email-change';

import { ConfirmEmailForm } from './confirm-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('confirmEmail.title'), referrer: 'no-referrer' };
}

export default publicPage<{ params: Promise<{ token: string }> }>({}, async function ConfirmEmailPage({ params, db }) {
  const { token } = await params;
  const change = await orUnavailable(() => findEmailChangeByToken(db, token));
  const t = await getT();
  if (!change) {
    return (
      <AuthCard
        title={t('confirmEmail.title')}
        footer={
          <Link className="underline underline-offset-4" href="/sign-in">
            {t('common.goToSignIn')}
          </Link>
        }
      >
        <p role="alert" className="text-sm">
          {t('confirmEmail.invalid')}
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={t('confirmEmail.title')}
      intro={t('confirmEmail.intro', { org: change.orgName, old: change.user.email, new: change.newEmail })}
    >
      <ConfirmEmailForm token={token} />
    </AuthCard>
  );
});
