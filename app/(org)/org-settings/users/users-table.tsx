import Link from 'next/link';
import { Fragment } from 'react';

import { Avatar } from '@/components/shell/avatar';
import { Pagination } from '@/components/ui/pagination';
import { imageUrl } from '@/lib/files/url';
import { getT } from '@/lib/i18n/server';
import type { UserStatus } from '@/lib/org/user-schemas';
import type { UserListPage } from '@/lib/org/users-query';

const muted = 'text-zinc-600 dark:text-zinc-400';

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

/** A long address wraps before its "@" and after its dots, not in the middle of a word. */
export function BreakableEmail({ email }: { email: string }) {
  const parts = email.split(/(?=@)|(?<=\.)/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/** One row per person; the name links to their page. Narrow screens fold the columns under it. */
export async function UsersTable({ list, viewerId }: { list: UserListPage; viewerId: string }) {
  const t = await getT();
  const head = `pb-2 pr-3 font-medium`;
  return (
    <div className="-mx-5 overflow-x-auto px-5 sm:-mx-6 sm:px-6">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('orgUsers.table.caption')}</caption>
        <thead className={`border-b border-zinc-200 text-xs uppercase tracking-wide dark:border-zinc-800 ${muted}`}>
          <tr>
            <th scope="col" className={head}>
              {t('orgUsers.table.name')}
            </th>
            <th scope="col" className={`${head} hidden md:table-cell`}>
              {t('orgUsers.table.email')}
            </th>
            <th scope="col" className={`${head} hidden sm:table-cell`}>
              {t('orgUsers.table.role')}
            </th>
            <th scope="col" className={`${head} hidden sm:table-cell`}>
              {t('orgUsers.table.status')}
            </th>
            <th scope="col" className="pb-2 text-right font-medium">
              {t('orgUsers.table.groups')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {list.rows.map((u) => {
            const role = t(`roles.${u.role}.label`);
            const status = t(`orgUsers.status.${u.status}`);
            return (
              <tr key={u.id}>
                <td className="py-3 pr-3">
                  <div className="flex items-center gap-3">
                    <span className="shrink-0">
                      <Avatar
                        id={u.id}
                        firstName={u.firstName}
                        lastName={u.lastName}
                        email={u.email}
                        photoUrl={imageUrl(u.photoFileId, 36)}
                        size={36}
                      />
                    </span>
                    <div className="min-w-0">
                      <Link
                        href={userPath(u.id)}
                        className="font-medium break-words text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
                      >
                        {personName(u)}
                      </Link>
                      {u.id === viewerId ? (
                        <span className={`ml-1.5 text-xs ${muted}`}>({t('orgUsers.table.you')})</span>
                      ) : null}
                      <p className={`break-words text-xs md:hidden ${muted}`}>
                        <BreakableEmail email={u.email} />
                      </p>
                      <p className="mt-1 flex flex-wrap items-center gap-1.5 text-xs sm:hidden">
                        <span className={muted}>{role}</span>
                        <StatusBadge status={u.status} label={status} />
                      </p>
                    </div>
                  </div>
                </td>
                <td className={`hidden break-words py-3 pr-3 md:table-cell ${muted}`}>
                  <BreakableEmail email={u.email} />
                </td>
                <td className="hidden py-3 pr-3 sm:table-cell">{role}</td>
                <td className="hidden py-3 pr-3 sm:table-cell">
                  <StatusBadge status={u.status} label={status} />
                </td>
                <td
                  className="py-3 text-right tabular-nums"
                  title={t('orgUsers.table.groupCount', { count: u.groupCount })}
                >
                  <span aria-hidden>{u.groupCount}</span>
                  <span className="sr-only">{t('orgUsers.table.groupCount', { count: u.groupCount })}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
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
