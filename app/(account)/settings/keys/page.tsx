import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { userPage } from '@/lib/auth/pages';
import { formatDate, formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { fingerprintGroups } from '@/lib/keys/check';
import { findUserKey } from '@/lib/keys/manage';

import { removeKey } from './actions';
import { KeyForm } from './key-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.keys.title') };
}

const PAGE = '/settings/keys';
const muted = 'muted';

export default userPage(async function KeysPage({ current, db }) {
  const { user } = current;
  const t = await getT();
  const key = await findUserKey(db, user.id);

  return (
    <>
      <PageHeading title={t('sections.keys.title')} description={t('sections.keys.description')} />
      <div className="space-y-6">
        <Card title={t('keys.currentTitle')} id="current-key" description={key ? t('keys.currentIntro') : undefined}>
          <div className="mb-3 empty:hidden">
            <FlashNotice path={PAGE} keys={['keys.removed', 'keys.notFound']} />
          </div>
          {key ? (
            <>
              <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
                <dt className={muted}>{t('keys.fingerprint')}</dt>
                <dd>
                  <code className="font-mono break-words" data-testid="key-fingerprint">
                    {fingerprintGroups(key.fingerprint)}
                  </code>
                </dd>
                <dt className={muted}>{t('keys.userIds')}</dt>
                <dd>
                  <ul>
                    {key.userIds.map((id) => (
                      <li key={id} className="break-words">
                        {id}
                      </li>
                    ))}
                  </ul>
                </dd>
                <dt className={muted}>{t('keys.algorithm')}</dt>
                <dd>{key.algorithm}</dd>
                <dt className={muted}>{t('keys.keyCreated')}</dt>
                <dd>{key.keyCreatedAt ? formatDate(key.keyCreatedAt, user) : '—'}</dd>
                <dt className={muted}>{t('keys.expires')}</dt>
                <dd>{key.expiresAt ? formatDate(key.expiresAt, user) : t('keys.noExpiry')}</dd>
                <dt className={muted}>{t('keys.addedAt')}</dt>
                <dd>{formatDateTime(key.createdAt, user)}</dd>
              </dl>
              <form action={removeKey} className="mt-4">
                <button type="submit" className={buttonClass('secondary')}>
                  {t('keys.remove')}
                </button>
              </form>
            </>
          ) : (
            <p className={`text-sm ${muted}`}>{t('keys.none')}</p>
          )}
        </Card>

        <Card
          title={key ? t('keys.replaceTitle') : t('keys.formTitle')}
          id="key-form"
          description={t('keys.formIntro', { email: user.email })}
        >
          <KeyForm email={user.email} />
        </Card>
      </div>
    </>
  );
});
