import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { AuthCard } from '@/components/shell/auth-card';
import { buttonClass } from '@/components/ui/button';
import { FlashNotice } from '@/components/ui/flash-notice';
import { StatusMessage } from '@/components/ui/form-status';
import { getCurrentSession } from '@/lib/auth/current';
import { publicPage } from '@/lib/auth/pages';
import { safeCallbackPath } from '@/lib/auth/sign-in-schema';
import { config } from '@/lib/config';
import { orUnavailable } from '@/lib/http/unavailable';
import { getT } from '@/lib/i18n/server';
import { isSetupDone } from '@/lib/setup/setup';

import { PasskeySignIn } from './passkey-sign-in';
import { SignInForm } from './sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('signIn.title') };
}

type Props = { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }> };

export default publicPage<Props>({ waitForRequest: true }, async function SignInPage({ searchParams, db }) {
  if (!(await orUnavailable(() => isSetupDone(db)))) redirect('/setup');
  const params = await searchParams;
  // Only a path that is safe to redirect to travels on in the form.
  const callbackUrl = params.callbackUrl === undefined ? undefined : safeCallbackPath(params.callbackUrl);
  const current = await orUnavailable(getCurrentSession);
  if (current && !current.session.mfaPending) redirect(safeCallbackPath(callbackUrl));
  const t = await getT();
  const oidc = config.oidc;
  return (
    <AuthCard title={t('signIn.title')} intro={t('signIn.intro')}>
      <div className="mb-4 empty:hidden">
        <FlashNotice path="/sign-in" />
      </div>
      {oidc && params.error !== undefined ? (
        <div className="mb-4">
          <StatusMessage tone="error" answer={params.error}>
            {t('connections.signInFailed', { provider: oidc.name })}
          </StatusMessage>
        </div>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
      <div className="mt-4">
        <PasskeySignIn callbackUrl={callbackUrl} />
      </div>
      {oidc ? (
        <form
          method="post"
          action="/sign-in/provider"
          className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800"
        >
          {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
          <button type="submit" className={buttonClass('secondary', 'w-full')}>
            {t('connections.signInWith', { provider: oidc.name })}
          </button>
        </form>
      ) : null}
    </AuthCard>
  );
});
