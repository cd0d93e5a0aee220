import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { PhotoForms } from '@/components/photo/photo-forms';
import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { Link } from '@/components/ui/link';
import { pageNumber } from '@/components/ui/pagination';
import { groupRolePermissions, notHeld } from '@/lib/auth/authorize';
import { getCurrentPermissions } from '@/lib/auth/current';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { countMembers, getGroup, listMembers, searchCandidates } from '@/lib/org/groups';

import { DeleteGroupForm } from '../delete-form';
import { GroupAvatar } from '../group-avatar';
import { GroupForm } from '../group-form';
import { groupPath, GROUPS_PATH } from '../paths';
import { removeGroupPhoto, uploadGroupPhoto } from '../photo-actions';
import { MEMBERS_PAGE_SIZE, MembersCards } from './members-card';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ page?: string; q?: string | string[]; tooLarge?: string }>;
};

// The title names the group only for someone who may see it; the page itself checks again.
export const generateMetadata = permissionPage<Props, Metadata>('groups.manage', async ({ params, current, db }) => {
  const group = await getGroup(db, current.org.id, (await params).id);
  return { title: group ? group.name : (await getT())('orgSections.groups.title') };
});

export default permissionPage<Props>('groups.manage', async function GroupPage({ params, searchParams, current, db }) {
  const { id } = await params;
  const group = await getGroup(db, current.org.id, id);
  if (!group) notFound();
  const t = await getT();
  const { page: pageParam, q, tooLarge } = await searchParams;
  const query = (Array.isArray(q) ? q[0] : q)?.trim().slice(0, 100) ?? '';
  const page = pageNumber(pageParam);
  const [memberCount, held, grants, members] = await Promise.all([
    countMembers(db, current.org.id, group.id),
    getCurrentPermissions(),
    groupRolePermissions(db, current.org.id, group.id),
    listMembers(db, { orgId: current.org.id, groupId: group.id, page, pageSize: MEMBERS_PAGE_SIZE }),
  ]);
  // The group's roles grant more than the viewer holds: its members and its existence are not theirs to change.
  const beyond = notHeld(held, grants);
  const lockedNote = beyond.length
    ? t('groups.lockedByRoles', { permissions: beyond.map((p) => t(`orgRoles.permissions.${p}.label`)).join(', ') })
    : null;
  // The search to add people is gone while the members are locked.
  const candidates =
    query && !lockedNote ? await searchCandidates(db, { orgId: current.org.id, groupId: group.id, q: query }) : null;
  const summary = t('groups.summary', {
    type: t(`groups.types.${group.type}`),
    visibility: t(`groups.visibilities.${group.visibility}`),
    members: t('groups.memberCount', { count: memberCount }),
  });

  return (
    <>
      <Link
        href={GROUPS_PATH}
        className="mb-3 inline-block text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
      >
        ← {t('groups.backToGroups')}
      </Link>
      <PageHeading title={group.name} description={summary} />
      <div className="space-y-6">
        <FlashNotice path={groupPath(id)} />
        {group.description ? <p className="text-sm whitespace-pre-line">{group.description}</p> : null}

        <Card title={t('groups.photo')} id="photo" description={t('groups.photoDescription')}>
          <PhotoForms
            avatar={<GroupAvatar id={group.id} name={group.name} photoFileId={group.photoFileId} size={96} />}
            currentLabel={group.photoFileId ? t('groups.photoCurrent') : t('groups.photoNone')}
            hasPhoto={Boolean(group.photoFileId)}
            upload={uploadGroupPhoto}
            remove={removeGroupPhoto}
            hidden={{ groupId: group.id }}
            tooLarge={tooLarge === '1'}
          />
        </Card>

        <Card title={t('groups.details')} id="details" description={t('groups.detailsDescription')}>
          <GroupForm
            groupId={group.id}
            initial={{
              name: group.name,
              type: group.type,
              visibility: group.visibility,
              description: group.description,
            }}
          />
        </Card>

        <MembersCards
          current={current}
          group={group}
          memberCount={memberCount}
          members={members}
          candidates={candidates}
          page={page}
          query={query}
          lockedNote={lockedNote}
        />

        <Card
          title={t('groups.deleteTitle')}
          id="delete"
          description={t('groups.deleteDescription', { count: memberCount })}
        >
          {lockedNote ? (
            <p className="text-sm muted">{lockedNote}</p>
          ) : (
            <DeleteGroupForm groupId={group.id} groupName={group.name} />
          )}
        </Card>
      </div>
    </>
  );
});
