import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { colleagueName, getDelegate } from '@/lib/approvals/delegate';
import { userPage } from '@/lib/auth/pages';
import { assignableReason } from '@/lib/availability/assignable';
import { awayPhase } from '@/lib/availability/away-period';
import { dateToLocalInput, safeTimeZone } from '@/lib/availability/local-time';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';

import { AwayForm } from './away-form';
import { StatusForm } from './status-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.availability.title') };
}

export default userPage(async function AvailabilityPage({ current, db }) {
  const { user } = current;
  const t = await getT();
  const zone = safeTimeZone(user.timeZone);
  const { awayFrom, awayUntil } = user;
  const now = new Date();
  const phase = awayPhase(awayFrom, awayUntil, now);
  // What the status and away period mean for work right now, by the rule the API uses too.
  const reason = assignableReason(user, now);
  const from = awayFrom ? formatDateTime(awayFrom, user) : '';
  const until = awayUntil ? formatDateTime(awayUntil, user) : '';
  const summary = {
    none: t('availability.awayNone'),
    upcoming: t('availability.awayUpcoming', { from, until }),
    current: t('availability.awayCurrent', { until }),
    past: t('availability.awayPast', { until }),
  }[phase];
  // While a period is set, who takes the approvals (an inactive delegate takes none).
  const delegate = phase === 'upcoming' || phase === 'current' ? await getDelegate(db, user) : undefined;

  return (
    <>
      <PageHeading title={t('sections.availability.title')} description={t('sections.availability.description')} />
      <div className="space-y-6">
        {/* No id, so the card is not labelled "Status": that name belongs to the select alone. */}
        <Card title={t('availability.statusTitle')} description={t('availability.statusIntro')}>
          <p
            id="assignable-now"
            className={
              reason === 'assignable'
                ? 'mb-4 text-sm text-zinc-700 dark:text-zinc-300'
                : 'mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
            }
          >
            {t(`availability.now.${reason}`)}
          </p>
          <StatusForm availability={user.availability} />
        </Card>
        <Card title={t('availability.awayTitle')} id="away" description={t('availability.awayIntro')}>
          <p
            className={
              phase === 'current'
                ? 'mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
                : 'mb-4 text-sm text-zinc-700 dark:text-zinc-300'
            }
          >
            {summary}
          </p>
          {delegate !== undefined ? (
            <p id="away-delegate" className="mb-4 text-sm text-zinc-700 dark:text-zinc-300">
              {delegate?.active
                ? t('availability.awayDelegate', { name: colleagueName(delegate) })
                : t('availability.awayNoDelegate')}{' '}
              <Link
                href="/settings/approvals"
                className="text-brand-700 underline underline-offset-2 dark:text-brand-100"
              >
                {delegate?.active ? t('availability.changeDelegate') : t('availability.chooseDelegate')}
              </Link>
            </p>
          ) : null}
          {/* A period that is over is only reported; the fields start empty for the next one. */}
          <AwayForm
            awayFrom={awayFrom && phase !== 'past' ? dateToLocalInput(awayFrom, zone) : ''}
            awayUntil={awayUntil && phase !== 'past' ? dateToLocalInput(awayUntil, zone) : ''}
            zone={zone}
          />
        </Card>
      </div>
    </>
  );
});
