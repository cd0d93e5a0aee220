import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { Link } from '@/components/ui/link';
import { userPage } from '@/lib/auth/pages';
import { DATA_EXPORT, EXPORT_KEEP_DAYS, lastDataExport, nextExportAt, type LastExport } from '@/lib/data-export/task';
import { formatDateTime, type FormatUser } from '@/lib/format';
import { getT, type Translator } from '@/lib/i18n/server';
import { resultExpired } from '@/lib/tasks/tasks';

import { exportMyData } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.data.title') };
}

const PAGE = '/settings/data';
const TASKS = '/settings/background-tasks';
const muted = 'muted';
const link = 'font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

const INCLUDED = ['profile', 'preferences', 'groups', 'sessions', 'notifications', 'audit', 'tokens'] as const;

/** What became of the last export, in a sentence. */
function lastStatus(t: Translator, last: LastExport, viewer: FormatUser, now: Date): string {
  switch (last.status) {
    case 'queued':
    case 'running':
    case 'failed':
    case 'cancelled':
      return t(`dataExport.lastStatus.${last.status}`);
    case 'succeeded': {
      if (!last.hasFile || !last.finishedAt || resultExpired({ action: DATA_EXPORT, finishedAt: last.finishedAt }, now))
        return t('dataExport.lastStatus.expired');
      const until = new Date(last.finishedAt.getTime() + EXPORT_KEEP_DAYS * 86_400_000);
      return t('dataExport.lastStatus.ready', { time: formatDateTime(until, viewer) });
    }
  }
}

export default userPage(async function DataExportPage({ current, db }) {
  const { user, org } = current;
  const t = await getT();
  const now = new Date();
  const person = { id: user.id, orgId: org.id };
  const [last, next] = await Promise.all([lastDataExport(db, person), nextExportAt(db, person, now)]);

  return (
    <>
      <PageHeading title={t('sections.data.title')} description={t('sections.data.description')} />
      <div className="space-y-6">
        <Card title={t('dataExport.includesTitle')} id="data-export" description={t('dataExport.intro')}>
          <div className="mb-3 empty:hidden">
            <FlashNotice path={PAGE} keys={['dataExport.tooSoon']} />
          </div>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {INCLUDED.map((item) => (
              <li key={item}>{t(`dataExport.includes.${item}`)}</li>
            ))}
          </ul>
          <p className={`mt-3 text-sm ${muted}`}>{t('dataExport.neverIncluded')}</p>
          <form action={exportMyData} className="mt-5 flex flex-wrap items-center gap-x-4 gap-y-2">
            <Button type="submit">{t('dataExport.button')}</Button>
            <p className={`text-sm ${muted}`}>
              {next
                ? t('dataExport.nextAt', { time: formatDateTime(next, user) })
                : t('dataExport.rateHint', { days: EXPORT_KEEP_DAYS })}
            </p>
          </form>
        </Card>

        <Card title={t('dataExport.lastTitle')} id="last-export">
          {last ? (
            <div className="space-y-1 text-sm">
              <p>{lastStatus(t, last, user, now)}</p>
              <p className={muted}>{t('dataExport.lastRequested', { time: formatDateTime(last.createdAt, user) })}</p>
            </div>
          ) : (
            <p className={`text-sm ${muted}`}>{t('dataExport.lastNone')}</p>
          )}
          <p className="mt-4 text-sm">
            <Link href={TASKS} className={link}>
              {t('dataExport.tasksLink')}
            </Link>
          </p>
        </Card>
      </div>
    </>
  );
});
