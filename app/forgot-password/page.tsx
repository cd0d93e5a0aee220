import type { Metadata } from 'next';

import { AuthCard } from '@/components/shell/auth-card';
import { Link } from '@/components/ui/link';
import { getT } from '@/lib/i18n/server';

import { ForgotPasswordForm } from './forgot-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('forgot.title') };
}

export default async function ForgotPasswordPage() {
  const t = await getT();
  return (
    <AuthCard
      title={t('forgot.title')}
      intro={t('forgot.intro')}
      footer={
        <Link className="underline underline-offset-4" href="/sign-in">
          {t('common.backToSignIn')}
        </Link>
      }
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}
