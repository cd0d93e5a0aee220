import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { Link } from '@/components/ui/link';
import type { TaskAction, TaskStatus } from '@/db/schema';
import { userPage } from '@/lib/auth/pages';
import { formatDateTime, type FormatUser } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/message';
import { catalogKey, getT, type Translator } from '@/lib/i18n/server';
import { findUserKey } from '@/lib/keys/manage';
import { listTasks, UNFINISHED, type TaskListItem } from '@/lib/tasks/tasks';

import { cancelTask } from './actions';
import { AutoRefresh } from './auto-refresh';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.backgroundTasks.title') };
}

const PAGE = '/settings/background-tasks';
const muted = 'muted';
const bar =
  'h-2 w-full overflow-hidden rounded-full bg-zinc-200 accent-brand-600 dark:bg-zinc-700 [&::-moz-progress-bar]:bg-brand-600 [&::-webkit-progress-bar]:bg-zinc-200 dark:[&::-webkit-progress-bar]:bg-zinc-700 [&::-webkit-progress-value]:bg-brand-600 dark:[&::-webkit-progress-value]:bg-brand-400 dark:[&::-moz-progress-bar]:bg-brand-400';
const link = 'font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

const ACTION_LABEL: Record<TaskAction, MessageKey> = {
  'users.import.check': 'tasks.actions.usersImportCheck',
  'users.import': 'tasks.actions.usersImport',
  'users.export': 'tasks.actions.usersExport',
  'group.members.export': 'tasks.actions.groupMembersExport',
  'audit.export': 'tasks.actions.auditExport',
  'data.export': 'dataExport.taskAction',
};

const BADGE: Record<TaskStatus, string> = {
  queued: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-400/30',
  running: 'bg-blue-50 text-blue-800 ring-blue-600/20 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-400/30',
  succeeded:
    'bg-green-50 text-green-800 ring-green-600/20 dark:bg-green-950 dark:text-green-200 dark:ring-green-400/30',
  failed: 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-950 dark:text-red-200 dark:ring-red-400/30',
  cancelled:
    'bg-amber-50 text-amber-900 ring-amber-600/20 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-400/30',
};

/** `?page=` as a page number from 1; anything else is the first page. */
function pageNumber(value: string | string[] | undefined): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(1, n);
}

const pageHref = (page: number) => (page > 1 ? `${PAGE}?page=${page}` : PAGE);

/** An import's outcome so far; other tasks count nothing the person needs to see. */
function countsText(t: Translator, task: TaskListItem): string | null {
  if (task.action !== 'users.import' && task.action !== 'users.import.check') return null;
  if (!Object.keys(task.counts).length) return null;
  const { invited = 0, updated = 0, valid = 0, refused = 0 } = task.counts;
  // A check writes nothing: it counts the rows that would be invited or updated as ready.
  return task.action === 'users.import'
    ? t('tasks.counts', { invited, updated, refused })
    : t('tasks.checkCounts', { valid, refused });
}

function Progress({ t, task }: { t: Translator; task: TaskListItem }) {
  const label = t('tasks.progressLabel', { name: task.name });
  const known = task.total !== null;
  return (
    <div className="min-w-32">
      {known ? (
        <progress className={bar} value={task.done} max={Math.max(task.total ?? 0, 1)} aria-label={label} />
      ) : (
        <progress className={bar} aria-label={label} />
      )}
      <p className={`mt-1 text-xs tabular-nums ${muted}`}>
        {known
          ? t('tasks.progress', { done: task.done, total: task.total ?? 0 })
          : t('tasks.progressUnknown', { done: task.done })}
      </p>
    </div>
  );
}

function Result({ t, task, encrypted }: { t: Translator; task: TaskListItem; encrypted: boolean }): ReactNode {
  if (UNFINISHED.includes(task.status)) {
    if (task.cancelRequested) return <span className={`text-xs ${muted}`}>{t('tasks.stopping')}</span>;
    return (
      <form action={cancelTask}>
        <input type="hidden" name="taskId" value={task.id} />
        <button
          type="submit"
          className={buttonClass('secondary', 'px-2.5 py-1 text-xs')}
          aria-label={t('tasks.cancelLabel', { name: task.name })}
        >
          {t('tasks.cancel')}
        </button>
      </form>
    );
  }
  if (task.expired) return <span className={muted}>{t('dataExport.expired')}</span>;
  if (!task.result) return <span className={muted}>{t('tasks.noResult')}</span>;
  const plain = (
    <a
      href={`${PAGE}/${task.id}/download`}
      className={link}
      download
      aria-describedby={`task-${task.id}`}
      title={task.result.name}
    >
      {task.result.kind === 'errors' ? t('tasks.downloadErrors') : t('tasks.download')}
    </a>
  );
  if (!encrypted) return plain;
  // With an encryption key set, the same result encrypted to it (a .gpg file) as well.
  return (
    <span className="flex flex-col items-end gap-1">
      {plain}
      <a
        href={`${PAGE}/${task.id}/download?encrypted=1`}
        className={link}
        download
        aria-label={t('tasks.downloadEncryptedLabel', { name: task.name })}
        title={`${task.result.name}.gpg`}
      >
        {t('tasks.downloadEncrypted')}
      </a>
    </span>
  );
}

function TaskRow({
  t,
  task,
  viewer,
  encrypted,
}: {
  t: Translator;
  task: TaskListItem;
  viewer: FormatUser;
  encrypted: boolean;
}) {
  const counts = countsText(t, task);
  const error = task.status === 'failed' && task.error ? catalogKey(t, task.error) : null;
  return (
    <tr className="align-top">
      <th scope="row" id={`task-${task.id}`} className="min-w-32 py-3 pr-3 text-left font-medium break-words">
        {task.name}
      </th>
      <td className={`py-3 pr-3 text-xs ${muted}`}>{t(ACTION_LABEL[task.action] ?? 'tasks.errors.unknown')}</td>
      <td className="min-w-24 py-3 pr-3">
        <span
          className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${BADGE[task.status]}`}
        >
          {t(`tasks.status.${task.status}`)}
        </span>
        {task.status === 'failed' ? (
          <p className="mt-1 text-xs text-red-800 dark:text-red-300">{t(error ?? 'tasks.errors.unexpected')}</p>
        ) : null}
      </td>
      <td className="py-3 pr-3">
        <Progress t={t} task={task} />
        {counts ? <p className={`mt-1 text-xs ${muted}`}>{counts}</p> : null}
      </td>
      <td className={`py-3 pr-3 text-xs ${muted}`}>{formatDateTime(task.startedAt, viewer)}</td>
      <td className={`py-3 pr-3 text-xs ${muted}`}>{formatDateTime(task.finishedAt, viewer)}</td>
      <td className="py-3 text-right">
        <Result t={t} task={task} encrypted={encrypted} />
      </td>
    </tr>
  );
}

export default userPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>(
  async function BackgroundTasksPage({ searchParams, current, db }) {
    const { user, org } = current;
    const t = await getT();
    const page = pageNumber((await searchParams)?.page);
    const [list, key] = await Promise.all([
      listTasks(db, { id: user.id, orgId: org.id }, page),
      findUserKey(db, user.id),
    ]);

    return (
      <>
        <PageHeading title={t('sections.backgroundTasks.title')} description={t('tasks.intro')} />
        {list.running ? (
          <>
            {/* Without JavaScript the page reloads itself while a task runs; with it, AutoRefresh does. */}
            <noscript>
              <meta httpEquiv="refresh" content="3" />
            </noscript>
            <AutoRefresh />
          </>
        ) : null}
        <Card>
          <div className="mb-3 empty:hidden">
            <FlashNotice
              path={PAGE}
              keys={[
                'tasks.exportStarted',
                'usersImport.started',
                'tasks.cancelled',
                'tasks.stoppingFlash',
                'tasks.alreadyFinished',
                'tasks.errors.notFound',
              ]}
            />
          </div>
          {list.running ? (
            <p className="mb-3 text-right text-sm">
              <a href={pageHref(page)} className={link}>
                {t('tasks.refresh')}
              </a>
            </p>
          ) : null}
          {list.items.length ? (
            <div
              className="-mx-5 overflow-x-auto px-5 sm:-mx-6 sm:px-6"
              role="region"
              aria-labelledby="tasks-caption"
              tabIndex={0}
            >
              <table className="w-full min-w-[40rem] text-left text-sm">
                <caption id="tasks-caption" className="sr-only">
                  {t('tasks.caption')}
                </caption>
                <thead className={`border-b border-zinc-200 text-xs dark:border-zinc-800 ${muted}`}>
                  <tr>
                    <th scope="col" className="pr-3 pb-2 font-medium">
                      {t('tasks.columns.name')}
                    </th>
                    <th scope="col" className="pr-3 pb-2 font-medium">
                      {t('tasks.columns.action')}
                    </th>
                    <th scope="col" className="pr-3 pb-2 font-medium">
                      {t('tasks.columns.status')}
                    </th>
                    <th scope="col" className="pr-3 pb-2 font-medium">
                      {t('tasks.columns.progress')}
                    </th>
                    <th scope="col" className="pr-3 pb-2 font-medium">
                      {t('tasks.columns.started')}
                    </th>
                    <th scope="col" className="pr-3 pb-2 font-medium">
                      {t('tasks.columns.finished')}
                    </th>
                    <th scope="col" className="pb-2 text-right font-medium">
                      {t('tasks.columns.result')}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                  {list.items.map((task) => (
                    <TaskRow key={task.id} t={t} task={task} viewer={user} encrypted={Boolean(key)} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className={`text-sm ${muted}`}>{t('tasks.empty')}</p>
          )}
          {page > 1 || list.hasMore ? (
            <nav aria-label={t('common.pagination')} className="mt-4 flex flex-wrap items-center justify-between gap-3">
              {page > 1 ? (
                <Link href={pageHref(page - 1)} className={buttonClass('secondary')} rel="prev">
                  ← {t('tasks.newer')}
                </Link>
              ) : (
                <span />
              )}
              {list.hasMore ? (
                <Link href={pageHref(page + 1)} className={buttonClass('secondary')} rel="next">
                  {t('tasks.older')} →
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </Card>
      </>
    );
  },
);
