import { initials } from '@/components/shell/avatar';
import { Link } from '@/components/ui/link';
import { Pagination } from '@/components/ui/pagination';
import { imageUrl } from '@/lib/files/url';
import { getT } from '@/lib/i18n/server';
import type { UserStatus } from '@/lib/org/user-schemas';
import { USER_ROLES, USER_STATUSES, type UserListPage } from '@/lib/org/users-query';

import { UsersRows, type UsersRow, type UsersRowsLabels } from './users-rows';

const muted = 'muted';

const BADGE: Record<UserStatus, string> = {
  active: 'bg-green-50 text-green-800 ring-green-600/20 dark:bg-green-950 dark:text-green-200 dark:ring-green-400/30',
  invited: 'bg-amber-50 text-amber-900 ring-amber-600/20 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-400/30',
  deactivated: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-400/30',
};

/** The status in words, coloured; the colour is never the only signal. */
export function StatusBadge({ status, label }: { status: UserStatus; label: string }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${BADGE[status]}`}
    >
      {label}
    </span>
  );
}

export const personName = (u: { firstName: string; lastName: string; displayName: string | null; email: string }) =>
  u.displayName?.trim() || `${u.firstName} ${u.lastName}`.trim() || u.email;

export const userPath = (id: string) => `/org-settings/users/${id}`;

/**
 * One row per person; the name links to their page. The rows are a client component fed compact
 * data (users-rows.tsx), so the page's RSC payload carries each person once, not their markup.
 */
export async function UsersTable({ list, viewerId }: { list: UserListPage; viewerId: string }) {
  const t = await getT();
  const labels: UsersRowsLabels = {
    roles: Object.fromEntries(USER_ROLES.map((r) => [r, t(`roles.${r}.label`)])) as UsersRowsLabels['roles'],
    statuses: Object.fromEntries(
      USER_STATUSES.map((s) => [s, t(`orgUsers.status.${s}`)]),
    ) as UsersRowsLabels['statuses'],
    you: `(${t('orgUsers.table.you')})`,
    groupCounts: Object.fromEntries(
      [...new Set(list.rows.map((u) => u.groupCount))].map((count) => [
        count,
        t('orgUsers.table.groupCount', { count }),
      ]),
    ),
  };
  const rows = list.rows.map((u): UsersRow => {
    const row: UsersRow = [
      u.id,
      personName(u),
      u.email,
      u.role,
      u.status,
      u.groupCount,
      initials(u.firstName, u.lastName, u.email),
    ];
    const photo = imageUrl(u.photoFileId, 36);
    if (photo) row.push(photo);
    return row;
  });
  return (
    <div className="-mx-5 overflow-x-auto px-5 sm:-mx-6 sm:px-6">
      <table className="users-table">
        <caption className="sr-only">{t('orgUsers.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('orgUsers.table.name')}</th>
            <th scope="col">{t('orgUsers.table.email')}</th>
            <th scope="col">{t('orgUsers.table.role')}</th>
            <th scope="col">{t('orgUsers.table.status')}</th>
            <th scope="col">{t('orgUsers.table.groups')}</th>
          </tr>
        </thead>
        <UsersRows rows={rows} viewerId={viewerId} labels={labels} />
      </table>
    </div>
  );
}

const linkClass =
  'rounded-md px-3 py-1.5 text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

/**
 * The list's pages: the shared <Pagination> when the number of pages is known. A search that
 * matched more than the count's cap knows only whether a next page exists, so it says "Page N"
 * with Previous and Next and no total.
 */
export async function UsersPagination({
  list,
  href,
}: {
  list: Pick<UserListPage, 'page' | 'pageCount' | 'hasNext'>;
  href: (page: number) => string;
}) {
  if (list.pageCount !== null) return <Pagination page={list.page} pages={list.pageCount} href={href} />;
  const t = await getT();
  return (
    <nav aria-label={t('common.pagination')} className="mt-4 flex items-center justify-between gap-3 text-sm">
      {list.page > 1 ? (
        <Link href={href(list.page - 1)} className={linkClass} rel="prev">
          {t('common.previous')}
        </Link>
      ) : (
        <span />
      )}
      <span className={muted}>{t('orgUsers.pagination.page', { page: list.page })}</span>
      {list.hasNext ? (
        <Link href={href(list.page + 1)} className={linkClass} rel="next">
          {t('common.next')}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
