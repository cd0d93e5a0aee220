import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { hasBusinessEmail } from '@/lib/org/mail-server';

import { DisconnectForm } from '../disconnect-form';
import { EMAIL_PATH } from '../paths';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgEmail.disconnectTitle') };
}

/** The confirmation of "Disconnect" when the dialog cannot open (no JavaScript). */
export default permissionPage('policies.manage', async function DisconnectMailServerPage({ current, db }) {
  // Nothing to disconnect (already done, in another tab): the section says how things are.
  if (!(await hasBusinessEmail(db, current.org.id))) redirect(EMAIL_PATH);
  const t = await getT();
  return (
    <>
      <Link
        href={EMAIL_PATH}
        className="mb-3 inline-block text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
      >
        ← {t('orgEmail.backToEmail')}
      </Link>
      <PageHeading title={t('orgEmail.disconnectTitle')} />
      <Card>
        <div className="space-y-4">
          <p className="text-sm muted">{t('orgEmail.disconnectDescription')}</p>
          <DisconnectForm
            label={t('orgEmail.disconnect')}
            cancel={
              <Link href={EMAIL_PATH} className={buttonClass('secondary')}>
                {t('orgEmail.cancel')}
              </Link>
            }
          />
        </div>
      </Card>
    </>
  );
});
