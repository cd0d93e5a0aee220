import { GroupAvatar } from '@/app/(org)/org-settings/groups/group-avatar';
import { groupPath } from '@/app/(org)/org-settings/groups/paths';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { currentUserCan } from '@/lib/auth/current';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { listVisibleGroupsOf } from '@/lib/org/groups';

/**
 * The groups `userId` belongs to, as the signed-in viewer may see them: public and private ones
 * (the user is a member of each), hidden ones only for people who manage groups. Behind the page
 * gate like a page of its own, since it loads its own rows.
 */
export const MyGroups = userPage<{ userId: string; orgId: string }>(async function MyGroups({
  userId,
  orgId,
  current: viewer,
  db,
}) {
  if (viewer.org.id !== orgId) return null;
  const managesGroups = await currentUserCan('groups.manage');
  const groups = await listVisibleGroupsOf(db, {
    orgId,
    userId,
    viewerId: viewer.user.id,
    viewerManagesGroups: managesGroups,
  });
  const t = await getT();
  return (
    <Card title={t('groups.myGroups')} id="groups" description={t('groups.myGroupsDescription')}>
      {groups.length ? (
        <ul aria-label={t('groups.myGroupsLabel')} className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {groups.map((group) => (
            <li key={group.id} className="flex items-center gap-3 py-2.5 text-sm">
              <GroupAvatar id={group.id} name={group.name} photoFileId={group.photoFileId} />
              <div className="min-w-0 flex-1">
                {managesGroups ? (
                  <Link href={groupPath(group.id)} className="name-link">
                    {group.name}
                  </Link>
                ) : (
                  <p className="font-medium break-words">{group.name}</p>
                )}
                <p className="muted">
                  {t(`groups.types.${group.type}`)} · {t(`groups.visibilities.${group.visibility}`)}
                </p>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm muted">{t('groups.myGroupsEmpty')}</p>
      )}
    </Card>
  );
});
