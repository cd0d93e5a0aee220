import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { Link } from '@/components/ui/link';
import { pageNumber, Pagination } from '@/components/ui/pagination';
import { getCurrentPermissions } from '@/lib/auth/current';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { groupsGrantingBeyond, listGroups } from '@/lib/org/groups';

import { DeleteGroupButton } from './delete-dialog';
import { GroupAvatar } from './group-avatar';
import { groupPath, GROUPS_PATH } from './paths';

const PAGE_SIZE = 50;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.groups.title') };
}

type Props = { searchParams: Promise<{ page?: string }> };

export default permissionPage<Props>('groups.manage', async function GroupsPage({ searchParams, current, db }) {
  const { org } = current;
  const t = await getT();
  const { page: pageParam } = await searchParams;
  const page = pageNumber(pageParam);
  const [{ rows, total }, held] = await Promise.all([
    listGroups(db, org.id, { page, pageSize: PAGE_SIZE }),
    getCurrentPermissions(),
  ]);
  // A group whose roles grant more than the viewer holds is not theirs to delete: no button.
  const locked = await groupsGrantingBeyond(
    db,
    held,
    org.id,
    rows.map((g) => g.id),
  );
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const muted = 'muted';

  return (
    <>
      <PageHeading title={t('orgSections.groups.title')} description={t('orgSections.groups.description')} />
      <div className="space-y-6">
        <FlashNotice path={GROUPS_PATH} />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className={`text-sm ${muted}`}>{t('groups.count', { count: total })}</p>
          <Link href={`${GROUPS_PATH}/new`} className={buttonClass('primary')}>
            {t('groups.newGroup')}
          </Link>
        </div>
        <Card>
          {rows.length ? (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('groups.listLabel')}</caption>
              <thead
                className={`border-b border-zinc-200 text-xs uppercase tracking-wide dark:border-zinc-800 ${muted}`}
              >
                <tr>
                  <th scope="col" className="pb-2 pr-3 font-medium">
                    {t('groups.columnName')}
                  </th>
                  <th scope="col" className="hidden pb-2 pr-3 font-medium sm:table-cell">
                    {t('groups.columnType')}
                  </th>
                  <th scope="col" className="hidden pb-2 pr-3 font-medium sm:table-cell">
                    {t('groups.columnVisibility')}
                  </th>
                  <th scope="col" className="pb-2 text-right font-medium">
                    {t('groups.columnMembers')}
                  </th>
                  <th scope="col" className="pb-2 pl-3 text-right font-medium">
                    <span className="sr-only">{t('groups.columnActions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {rows.map((group) => (
                  <tr key={group.id}>
                    <td className="py-3 pr-3">
                      <div className="flex items-center gap-3">
                        <GroupAvatar id={group.id} name={group.name} photoFileId={group.photoFileId} />
                        <div className="min-w-0">
                          <Link href={groupPath(group.id)} className="name-link">
                            {group.name}
                          </Link>
                          <p className={`text-xs sm:hidden ${muted}`}>
                            {t(`groups.types.${group.type}`)} · {t(`groups.visibilities.${group.visibility}`)}
                          </p>
                        </div>
                      </div>
                    </td>
                    <td className="hidden py-3 pr-3 whitespace-nowrap sm:table-cell">
                      {t(`groups.types.${group.type}`)}
                    </td>
                    <td className="hidden py-3 pr-3 sm:table-cell">{t(`groups.visibilities.${group.visibility}`)}</td>
                    <td className="py-3 text-right tabular-nums">{group.memberCount}</td>
                    <td className="py-3 pl-3 text-right">
                      {locked.has(group.id) ? null : (
                        <DeleteGroupButton groupId={group.id} groupName={group.name} memberCount={group.memberCount} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className={`text-sm ${muted}`}>{t('groups.empty')}</p>
          )}
          <Pagination page={page} pages={pages} href={(n) => `${GROUPS_PATH}?page=${n}`} />
        </Card>
      </div>
    </>
  );
});
