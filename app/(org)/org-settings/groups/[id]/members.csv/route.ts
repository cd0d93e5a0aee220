import { refusal, routeHandler } from '@/lib/http/route-handler';
import { actorOf } from '@/lib/org/actor';
import { attachmentDisposition } from '@/lib/org/csv';
import { exportGroupMembers } from '@/lib/org/group-admin';

export const dynamic = 'force-dynamic';

/** The group's members as CSV, streamed page by page (see membersCsvStream). */
export const GET = routeHandler<{ id: string }>(
  { permission: 'groups.manage' },
  async (_request, { db, current, params, meta }) => {
    const result = await exportGroupMembers(db, actorOf(current), { groupId: params.id }, meta);
    if (!result.ok) return refusal(404);
    return new Response(result.csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': attachmentDisposition(`${result.name} members`, 'csv', 'group-members'),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  },
);
