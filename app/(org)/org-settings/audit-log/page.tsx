import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTIONS } from '@/lib/audit/actions';
import { filtersQuery, listAuditPage, parseAuditFilters, parseCursor } from '@/lib/audit/query';
import { permissionPage } from '@/lib/auth/pages';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { describeUserAgent } from '@/lib/security/user-agent';

import { exportAuditLog } from '../export-actions';
import { ExportCsvForm } from '../export-csv-form';
import { AuditFilterForm } from './filter-form';
import { actionLabel, actorLabel, prefixLabel, targetLabel } from './labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.auditLog.title') };
}

type SearchParams = Record<string, string | string[] | undefined>;

export default permissionPage<{ searchParams: Promise<SearchParams> }>(
  'audit.read',
  async function AuditLogPage({ searchParams, current, db }) {
    const { user, org } = current;
    const params = await searchParams;
    const filters = parseAuditFilters(params, user.timeZone);
    const cursor = parseCursor(params);
    const t = await getT();
    const page = await listAuditPage(db, org.id, filters, cursor);

    // Every listed action, and a stored one the list no longer has when the address names it.
    const actions: string[] = [...AUDIT_ACTIONS];
    if (filters.action && !filters.action.endsWith('.*') && !actions.includes(filters.action))
      actions.push(filters.action);
    const actionOptions = [
      { value: '', label: t('auditLog.allActions') },
      ...AUDIT_ACTION_GROUPS.map((group) => ({ value: `${group}.*`, label: prefixLabel(t, group) })).sort((a, b) =>
        a.label.localeCompare(b.label, user.locale),
      ),
      ...actions
        .map((a) => ({ value: a, label: actionLabel(t, a) }))
        .sort((a, b) => a.label.localeCompare(b.label, user.locale)),
    ];
    const filtered = Boolean(filters.actor || filters.action || filters.from || filters.to);

    return (
      <>
        <PageHeading title={t('orgSections.auditLog.title')} description={t('orgSections.auditLog.description')} />
        <div className="space-y-6">
          <Card title={t('auditLog.filtersTitle')} id="filters">
            <AuditFilterForm
              t={t}
              values={{ actor: filters.actor, action: filters.action, from: filters.from, to: filters.to }}
              errors={filters.errors}
              actionOptions={actionOptions}
              filtered={filtered}
            />
            <ExportCsvForm
              action={exportAuditLog}
              fields={{ actor: filters.actor, action: filters.action, from: filters.from, to: filters.to }}
              label={t('auditLog.exportCsv')}
              hint={t('auditLog.export.hint')}
              className="mt-4 flex flex-col gap-2 border-t border-zinc-200 pt-4 sm:flex-row sm:items-center sm:justify-between dark:border-zinc-800"
            />
          </Card>

          <Card
            title={t('auditLog.entriesTitle')}
            id="entries"
            description={t('auditLog.zoneNote', { zone: user.timeZone || 'UTC' })}
          >
            {page.entries.length ? (
              <ol className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {page.entries.map((entry) => {
                  const agent = describeUserAgent(entry.userAgent);
                  const hasData = entry.data && Object.keys(entry.data).length > 0;
                  return (
                    <li key={entry.id} className="py-3 text-sm">
                      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                        <p className="font-medium">
                          {actionLabel(t, entry.action)}
                          {actionLabel(t, entry.action) !== entry.action ? (
                            <span className="ml-2 font-mono text-xs font-normal text-zinc-500 dark:text-zinc-400">
                              {entry.action}
                            </span>
                          ) : null}
                        </p>
                        <time dateTime={entry.createdAt.toISOString()} className="text-xs muted">
                          {formatDateTime(entry.createdAt, user)}
                        </time>
                      </div>
                      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-zinc-700 dark:text-zinc-300">
                        <dt className="text-zinc-500 dark:text-zinc-400">{t('auditLog.who')}</dt>
                        <dd className="min-w-0 break-words">{actorLabel(t, entry)}</dd>
                        <dt className="text-zinc-500 dark:text-zinc-400">{t('auditLog.target')}</dt>
                        <dd className="min-w-0 break-words">{targetLabel(t, entry, org)}</dd>
                        <dt className="text-zinc-500 dark:text-zinc-400">{t('auditLog.where')}</dt>
                        <dd className="min-w-0 break-words">
                          {entry.ip ?? t('auditLog.unknownAddress')} ·{' '}
                          <span title={entry.userAgent ?? undefined}>
                            {entry.userAgent ? agent.label : t('auditLog.unknownBrowser')}
                          </span>
                        </dd>
                      </dl>
                      {hasData ? (
                        <details className="mt-1">
                          <summary className="cursor-pointer text-xs muted">{t('auditLog.details')}</summary>
                          <pre className="mt-1 overflow-x-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950">
                            {JSON.stringify(entry.data, null, 2)}
                          </pre>
                        </details>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            ) : (
              <p className="text-sm muted">{filtered ? t('auditLog.noMatches') : t('auditLog.empty')}</p>
            )}
            {page.newer || page.older || (!page.entries.length && (cursor.before || cursor.after)) ? (
              <nav aria-label={t('auditLog.pagination')} className="mt-4 flex justify-between gap-3">
                {page.newer ? (
                  <Link
                    href={`/org-settings/audit-log${filtersQuery(filters, { after: page.newer })}#entries-title`}
                    className={buttonClass('secondary')}
                    rel="prev"
                  >
                    ← {t('auditLog.newer')}
                  </Link>
                ) : !page.entries.length && (cursor.before || cursor.after) ? (
                  <Link
                    href={`/org-settings/audit-log${filtersQuery(filters)}#entries-title`}
                    className={buttonClass('secondary')}
                  >
                    {t('auditLog.newest')}
                  </Link>
                ) : (
                  <span />
                )}
                {page.older ? (
                  <Link
                    href={`/org-settings/audit-log${filtersQuery(filters, { before: page.older })}#entries-title`}
                    className={buttonClass('secondary')}
                    rel="next"
                  >
                    {t('auditLog.older')} →
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </Card>
        </div>
      </>
    );
  },
);
