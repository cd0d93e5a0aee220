import { Card } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import type { CurrentUser } from '@/lib/auth/current';
import { imageUrl } from '@/lib/files/url';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import type { Candidate, Group, GroupMember } from '@/lib/org/groups';

import { exportGroupMembers } from '../../export-actions';
import { ExportCsvForm } from '../../export-csv-form';
import { AddMembers } from '../add-members';
import { MemberList } from '../member-list';
import { groupPath } from '../paths';

export const MEMBERS_PAGE_SIZE = 50;

const displayName = (p: { firstName: string; lastName: string; email: string }) =>
  `${p.firstName} ${p.lastName}`.trim() || p.email;

/** The member list (a page at a time), the CSV export and the search to add people. */
export async function MembersCards({
  current,
  group,
  memberCount,
  members,
  candidates,
  page,
  query,
  lockedNote,
}: {
  current: CurrentUser;
  group: Group;
  memberCount: number;
  /** Page `page` of the members, `MEMBERS_PAGE_SIZE` at most. */
  members: GroupMember[];
  /** The people found by `query`, or null without a search. */
  candidates: Candidate[] | null;
  page: number;
  query: string;
  /** Why the viewer may not change the members; the list is then read-only and the search is gone. */
  lockedNote: string | null;
}) {
  const t = await getT();
  const pages = Math.max(1, Math.ceil(memberCount / MEMBERS_PAGE_SIZE));
  const base = groupPath(group.id);

  return (
    <>
      <Card title={t('groups.members')} id="members" description={t('groups.memberCount', { count: memberCount })}>
        <div className="space-y-4">
          {memberCount ? (
            <ExportCsvForm
              action={exportGroupMembers}
              fields={{ groupId: group.id }}
              label={t('groups.export')}
              hint={`${t('groups.exportHint')} ${t('groups.exportTask.hint')}`}
            />
          ) : null}
          {lockedNote ? <p className="text-sm muted">{lockedNote}</p> : null}
          <MemberList
            groupId={group.id}
            readOnly={Boolean(lockedNote)}
            members={members.map((m) => ({
              id: m.userId,
              name: displayName(m),
              email: m.email,
              firstName: m.firstName,
              lastName: m.lastName,
              photoUrl: imageUrl(m.photoFileId, 32),
              added: formatDateTime(m.addedAt, current.user),
            }))}
          />
          <Pagination page={page} pages={pages} href={(n) => `${base}?page=${n}#members`} />
        </div>
      </Card>
      {lockedNote ? null : (
        <Card title={t('groups.addMembers')} id="add-members" description={t('groups.addMembersDescription')}>
          <AddMembers
            groupId={group.id}
            initialQuery={query}
            initialResults={
              candidates ? candidates.map((c) => ({ id: c.id, name: displayName(c), email: c.email })) : null
            }
          />
        </Card>
      )}
    </>
  );
}
