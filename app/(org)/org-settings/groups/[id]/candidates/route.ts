import { refusal, routeHandler } from '@/lib/http/route-handler';
import { getGroup, searchCandidates } from '@/lib/org/groups';

export const dynamic = 'force-dynamic';

const MAX_QUERY = 100;

/** Typeahead suggestions: people of the caller's organization who are not members yet. */
export const GET = routeHandler<{ id: string }>(
  { permission: 'groups.manage', format: 'json' },
  async (request, { db, current, params }) => {
    const group = await getGroup(db, current.org.id, params.id);
    if (!group) return refusal(404, 'json');
    const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, MAX_QUERY);
    const candidates = await searchCandidates(db, { orgId: current.org.id, groupId: group.id, q });
    return Response.json(
      {
        candidates: candidates.map((c) => ({
          id: c.id,
          name: `${c.firstName} ${c.lastName}`.trim() || c.email,
          email: c.email,
          username: c.username,
        })),
      },
      { headers: { 'cache-control': 'private, no-store' } },
    );
  },
);
