import type { Metadata } from 'next';

import { AuthCard } from '@/components/shell/auth-card';
import { Link } from '@/components/ui/link';
import { publicPage } from '@/lib/auth/pages';
import { orUnavailable } from '@/lib/http/unavailable';
import { getT } from '@/lib/i18n/server';
import { findValidResetToken } from '@/lib/security/password-reset';

import { ResetPasswordForm } from './reset-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('reset.title'), referrer: 'no-referrer' };
}

export default publicPage<{ params: Promise<{ token: string }> }>({}, async function ResetPasswordPage({ params, db }) {
  const { token } = await params;
  const valid = await orUnavailable(() => findValidResetToken(db, token));
  const t = await getT();
  if (!valid) {
    return (
      <AuthCard
        title={t('reset.title')}
        footer={
          <Link className="underline underline-offset-4" href="/forgot-password">
            {t('reset.askAgain')}
          </Link>
        }
      >
        <p role="alert" className="text-sm">
          {t('reset.invalidLong')}
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t('reset.title')} intro={t('reset.intro', { email: valid.user.email })}>
      <ResetPasswordForm
        token={token}
        email={valid.user.email}
        personal={{
          email: valid.user.email,
          firstName: valid.user.firstName,
          lastName: valid.user.lastName,
          orgName: valid.orgName,
        }}
      />
    </AuthCard>
  );
});
