import { getDb } from '@/db';
import { audit } from '@/lib/audit/log';
import { getRequestMeta } from '@/lib/http/request-meta';
import { attachmentDisposition } from '@/lib/org/csv';
import { countMembers, membersCsvStream } from '@/lib/org/groups';

import { groupForRoute } from '../../route-access';

export const dynamic = 'force-dynamic';

/** The group's members as CSV, streamed page by page (see membersCsvStream). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const found = await groupForRoute((await params).id);
  if (!found) {
    return new Response('Not found', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  const { current, group } = found;
  const db = await getDb();
  // Written before the first byte leaves: an export that is cut off was still an export.
  await audit(db, {
    orgId: current.org.id,
    actorUserId: current.user.id,
    action: 'group.exported',
    targetType: 'group',
    targetId: group.id,
    data: { name: group.name, members: await countMembers(db, current.org.id, group.id) },
    meta: await getRequestMeta(),
  });
  return new Response(membersCsvStream(db, { orgId: current.org.id, groupId: group.id }), {
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': attachmentDisposition(`${group.name} members`, 'csv', 'group-members'),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
