import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { colleagueName, getDelegate, searchColleagues } from '@/lib/approvals/delegate';
import { MAX_SEARCH } from '@/lib/approvals/schemas';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';

import { DelegateForm } from './delegate-form';

type Props = { searchParams: Promise<{ q?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.approvals.title') };
}

export default userPage<Props>(async function ApprovalsPage({ searchParams, current, db }) {
  const { user } = current;
  const t = await getT();
  const { q } = await searchParams;
  const query = (Array.isArray(q) ? q[0] : q)?.trim().slice(0, MAX_SEARCH) ?? '';
  const [delegate, found] = await Promise.all([
    getDelegate(db, user),
    query ? searchColleagues(db, user, query) : Promise.resolve(null),
  ]);
  const results = found?.map((c) => ({ id: c.id, name: colleagueName(c), email: c.email })) ?? null;

  return (
    <>
      <PageHeading title={t('sections.approvals.title')} description={t('sections.approvals.description')} />
      <div className="space-y-6">
        <Card title={t('approvals.delegateTitle')} id="delegate" description={t('approvals.delegateIntro')}>
          <div id="current-delegate" className="mb-4 text-sm">
            {delegate ? (
              delegate.active ? (
                <p className="text-zinc-700 dark:text-zinc-300">
                  {t('approvals.current', { name: colleagueName(delegate) })}{' '}
                  <span className="muted">({delegate.email})</span>
                </p>
              ) : (
                <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
                  {t('approvals.inactive', { name: colleagueName(delegate) })}
                </p>
              )
            ) : (
              <p className="text-zinc-700 dark:text-zinc-300">{t('approvals.none')}</p>
            )}
          </div>
          <DelegateForm hasDelegate={Boolean(delegate)} initialQuery={query} initialResults={results} />
        </Card>
      </div>
    </>
  );
});
