import type { Metadata } from 'next';

import { AppHeader } from '@/components/shell/app-header';
import { Link } from '@/components/ui/link';
import { userPage } from '@/lib/auth/pages';
import { config } from '@/lib/config';
import { getT } from '@/lib/i18n/server';
import { unreadCount } from '@/lib/notifications/activity';
import { ACCOUNT_SECTIONS, descriptionKey, ORG_SECTIONS, titleKey } from '@/lib/settings/sections';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('help.title') };
}

export default userPage(async function HelpPage({ current, db }) {
  const t = await getT();
  return (
    <>
      <AppHeader current={current} unread={await unreadCount(db, current.user)} />
      <main id="content" className="mx-auto max-w-[720px] px-4 py-10">
        <h1 className="page-title">{t('help.title')}</h1>
        <p className="description">{t('help.intro')}</p>
        {[
          { heading: t('help.yourSettings'), base: '/settings', sections: ACCOUNT_SECTIONS },
          { heading: t('help.orgSettings'), base: '/org-settings', sections: ORG_SECTIONS },
        ].map((group) => (
          <section key={group.base} className="mt-8">
            <h2 className="text-lg font-semibold">{group.heading}</h2>
            <dl className="mt-3 space-y-3">
              {group.sections.map((s) => (
                <div key={s.slug}>
                  <dt>
                    <Link
                      href={`${group.base}/${s.slug}`}
                      className="font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-100"
                    >
                      {t(titleKey(s))}
                    </Link>
                    {s.soon ? <span className="soon-badge">{t('common.soon')}</span> : null}
                  </dt>
                  <dd className="text-sm muted">{t(descriptionKey(s))}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        {config.supportUrl ? (
          <p className="mt-8 text-sm">
            {t('help.support')}{' '}
            <a
              href={config.supportUrl}
              target="_blank"
              rel="noreferrer noopener"
              className="font-medium text-brand-700 underline underline-offset-4 dark:text-brand-100"
            >
              {t('menu.techSupport')}
            </a>
          </p>
        ) : null}
      </main>
    </>
  );
});
