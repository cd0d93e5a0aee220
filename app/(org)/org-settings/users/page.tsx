import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import type { Db } from '@/db';
import { getCurrentPermissions, type CurrentUser } from '@/lib/auth/current';
import { permissionPage } from '@/lib/auth/pages';
import { getT, type Translator } from '@/lib/i18n/server';
import {
  invitationListHref,
  listInvitations,
  parseInvitationListQuery,
  type InvitationListQuery,
} from '@/lib/org/invitations-query';
import type { InviteRights } from '@/lib/org/invite-policy';
import {
  listUsers,
  loadUserListFilters,
  parseUserListQuery,
  USER_PAGE_SIZES,
  USER_ROLES,
  USER_SORTS,
  USER_STATUSES,
  userListHref,
  type UserListPage,
  type UserListQuery,
} from '@/lib/org/users-query';
import { mayInvite } from '@/lib/settings/org-nav';

import { exportUsers } from '../export-actions';
import { ExportCsvForm } from '../export-csv-form';
import { InvitationFlash } from './invitation-parts';
import { PendingInvitations } from './invitations-list';
import { InvitationsTable } from './invitations-table';
import { UsersFilters } from './users-filters';
import { UsersPagination, UsersTable } from './users-table';

const muted = 'muted';
const firstPageLink = 'text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.users.title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The organization's people, or — with Status "Invited" — its pending invitations: nobody is a
 * user before accepting, so an invitation is what "invited" means here.
 */
export default permissionPage<Props>('users.read', async function UsersPage({ searchParams, current, db }) {
  const { user, org } = current;
  const t = await getT();
  const params = await searchParams;
  const permissions = await getCurrentPermissions();
  // The same rule as the navigation and the invitation page: the link is there exactly when it opens.
  const inviteRights = mayInvite(current, permissions);
  const canImport = permissions.has('import.run');
  const { groups, customRoles, query } = await loadUserListFilters(
    db,
    { id: user.id, orgId: org.id, managesGroups: permissions.has('groups.manage') },
    parseUserListQuery(params),
  );
  const invitedQuery =
    query.status === 'invited'
      ? { ...parseInvitationListQuery(params), groupId: query.groupId, customRoleId: query.customRoleId }
      : null;
  const filtered = Boolean(
    query.q || query.status || query.role || query.customRoleId || query.groupId || query.sort !== 'name',
  );

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-x-4">
        <PageHeading title={t('orgSections.users.title')} description={t('orgSections.users.description')} />
        {inviteRights || canImport ? (
          <div className="mb-6 flex shrink-0 flex-wrap gap-2">
            {canImport ? (
              <Link href="/org-settings/users/import" className={buttonClass('secondary')}>
                {t('usersImport.title')}
              </Link>
            ) : null}
            {inviteRights ? (
              <Link href="/org-settings/users/new" className={buttonClass('primary')}>
                {t('orgUsers.newUser')}
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="space-y-6">
        <Card>
          <UsersFilters
            values={{
              q: query.q,
              status: query.status ?? '',
              role: query.role ?? query.customRoleId ?? '',
              group: query.groupId ?? '',
              sort: invitedQuery?.sort ?? query.sort,
              size: String(query.size),
            }}
            statuses={USER_STATUSES.map((s) => ({ value: s, label: t(`orgUsers.status.${s}`) }))}
            roles={[
              ...USER_ROLES.map((r) => ({ value: r, label: t(`roles.${r}.label`) })),
              ...customRoles.map((r) => ({ value: r.id, label: r.name })),
            ]}
            groups={groups.map((g) => ({ value: g.id, label: g.name }))}
            sorts={USER_SORTS.map((s) => ({ value: s, label: t(`orgUsers.sort.${s}`) }))}
            sizes={USER_PAGE_SIZES.map(String)}
            filtered={filtered}
          />
          {invitedQuery ? null : (
            <ExportCsvForm
              action={exportUsers}
              fields={{
                q: query.q,
                status: query.status ?? '',
                role: query.role ?? query.customRoleId ?? '',
                group: query.groupId ?? '',
                sort: query.sort,
              }}
              label={t('orgUsers.export.button')}
              hint={t('orgUsers.export.hint')}
              className="mt-4 flex flex-col gap-2 border-t border-zinc-200 pt-4 sm:flex-row sm:items-center sm:justify-between dark:border-zinc-800"
            />
          )}
        </Card>
        {invitedQuery ? (
          <InvitedView db={db} t={t} orgId={org.id} viewer={user} rights={inviteRights} query={invitedQuery} />
        ) : (
          <>
            <UsersView db={db} t={t} orgId={org.id} viewerId={user.id} query={query} />
            <PendingInvitations orgId={org.id} />
          </>
        )}
      </div>
    </>
  );
});

/** The line above a list (how many, or why nothing), the list itself, and its pages. */
function PagedList({
  t,
  list,
  empty,
  href,
  children,
}: {
  t: Translator;
  list: Omit<UserListPage, 'rows'> & { rows: unknown[] };
  /** What to say when the first page is empty. */
  empty: string;
  href: (page: number) => string;
  children: ReactNode;
}) {
  return (
    <>
      <p className={`mb-3 text-sm ${muted}`}>
        {list.rows.length
          ? t(list.totalIsLowerBound ? 'orgUsers.showingAtLeast' : 'orgUsers.showing', {
              from: list.from,
              to: list.to,
              total: list.total,
            })
          : list.page > 1
            ? t('orgUsers.emptyPage')
            : empty}
        {list.totalIsLowerBound ? ` ${t('orgUsers.refine')}` : null}
      </p>
      {list.rows.length ? children : null}
      {!list.rows.length && list.page > 1 ? (
        <Link href={href(1)} className={firstPageLink}>
          {t('orgUsers.firstPage')}
        </Link>
      ) : null}
      <UsersPagination list={list} href={href} />
    </>
  );
}

async function UsersView({
  db,
  t,
  orgId,
  viewerId,
  query,
}: {
  db: Db;
  t: Translator;
  orgId: string;
  viewerId: string;
  query: UserListQuery;
}) {
  const list = await listUsers(db, orgId, query);
  return (
    <Card>
      <PagedList t={t} list={list} empty={t('orgUsers.empty')} href={(page) => userListHref(query, { page })}>
        <UsersTable list={list} viewerId={viewerId} />
      </PagedList>
    </Card>
  );
}

/**
 * Pending invitations in place of user rows, with the same search, role filter, sorts and pages.
 * An invitation belongs to no group and holds no custom role (both come after acceptance), so
 * with either chosen there is nothing to list.
 */
async function InvitedView({
  db,
  t,
  orgId,
  viewer,
  rights,
  query,
}: {
  db: Db;
  t: Translator;
  orgId: string;
  viewer: CurrentUser['user'];
  rights: InviteRights | null;
  query: InvitationListQuery;
}) {
  if (query.groupId || query.customRoleId) {
    return (
      <Card title={t('invites.list.title')} id="invited-list">
        <InvitationFlash />
        <p className={`text-sm ${muted}`}>
          {t(query.groupId ? 'orgUsers.invitations.noGroups' : 'orgUsers.invitations.noCustomRoles')}
        </p>
      </Card>
    );
  }
  const list = await listInvitations(db, orgId, query);
  const unfiltered = !query.q && !query.role;
  return (
    <Card title={t('invites.list.title')} id="invited-list">
      <InvitationFlash />
      <PagedList
        t={t}
        list={list}
        empty={unfiltered ? t('invites.list.empty') : t('orgUsers.invitations.empty')}
        href={(page) => invitationListHref(query, { page })}
      >
        <InvitationsTable list={list} viewer={viewer} rights={rights} />
      </PagedList>
    </Card>
  );
}
