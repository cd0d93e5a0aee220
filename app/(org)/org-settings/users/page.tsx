import type { Metadata } from 'next';
import Link from 'next/link';
import { asc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { groups } from '@/db/schema';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeading } from '@/components/shell/settings-frame';
import { requirePermission } from '@/lib/auth/current';
import { getT } from '@/lib/i18n/server';
import { getInviteRights } from '@/lib/org/invite';
import { listUsers, parseUserListQuery, userListHref, USER_ROLES, USER_SORTS, USER_STATUSES } from '@/lib/org/users-query';
import { PendingInvitations } from './invitations-list';
import { UsersFilters } from './users-filters';
import { UsersPagination, UsersTable } from './users-table';

/** The group filter lists this many groups by name; a chosen group outside them is kept. */
const GROUP_OPTIONS = 500;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.users.title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  const { user, org } = await requirePermission('users.read');
  const t = await getT();
  const query = parseUserListQuery(await searchParams);
  const db = await getDb();
  const [list, groupRows, inviteRights] = await Promise.all([
    listUsers(db, org.id, query),
    db
      .select({ id: groups.id, name: groups.name })
      .from(groups)
      .where(eq(groups.orgId, org.id))
      .orderBy(asc(sql`lower(${groups.name})`), asc(groups.id))
      .limit(GROUP_OPTIONS),
    getInviteRights(db, user, org.invitePolicy),
  ]);
  const filtered = Boolean(query.q || query.status || query.role || query.groupId || query.sort !== 'name');
  const muted = 'text-zinc-600 dark:text-zinc-400';

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-x-4">
        <PageHeading title={t('orgSections.users.title')} description={t('orgSections.users.description')} />
        {inviteRights ? (
          <Link href="/org-settings/users/new" className={buttonClass('primary', 'mb-6 shrink-0')}>
            {t('orgUsers.newUser')}
          </Link>
        ) : null}
      </div>
      <div className="space-y-6">
        <Card>
          <UsersFilters
            values={{ q: query.q, status: query.status ?? '', role: query.role ?? '', group: query.groupId ?? '', sort: query.sort }}
            statuses={USER_STATUSES.map((s) => ({ value: s, label: t(`orgUsers.status.${s}`) }))}
            roles={USER_ROLES.map((r) => ({ value: r, label: t(`roles.${r}.label`) }))}
            groups={groupRows.map((g) => ({ value: g.id, label: g.name }))}
            sorts={USER_SORTS.map((s) => ({ value: s, label: t(`orgUsers.sort.${s}`) }))}
            filtered={filtered}
          />
        </Card>
        <Card>
          <p className={`mb-3 text-sm ${muted}`}>
            {list.rows.length
              ? t(list.totalIsLowerBound ? 'orgUsers.showingAtLeast' : 'orgUsers.showing', { from: list.from, to: list.to, total: list.total })
              : list.page > 1
                ? t('orgUsers.emptyPage')
                : t('orgUsers.empty')}
            {list.totalIsLowerBound ? ` ${t('orgUsers.refine')}` : null}
          </p>
          {list.rows.length ? <UsersTable list={list} viewerId={user.id} /> : null}
          {!list.rows.length && list.page > 1 ? (
            <Link href={userListHref(query, { page: 1 })} className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
              {t('orgUsers.firstPage')}
            </Link>
          ) : null}
          <UsersPagination list={list} href={(page) => userListHref(query, { page })} />
        </Card>
        <PendingInvitations orgId={org.id} />
      </div>
    </>
  );
}
