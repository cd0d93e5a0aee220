import { getDb } from '@/db';
import { searchCandidates } from '@/lib/org/groups';

import { groupForRoute } from '../../route-access';

export const dynamic = 'force-dynamic';

const MAX_QUERY = 100;

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'private, no-store' } });
}

/** Typeahead suggestions: people of the caller's organization who are not members yet. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const found = await groupForRoute((await params).id);
  if (!found) return json({ error: { code: 'not_found', message: 'Not found' } }, 404);
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, MAX_QUERY);
  const candidates = await searchCandidates(await getDb(), { orgId: found.current.org.id, groupId: found.group.id, q });
  return json({
    candidates: candidates.map((c) => ({
      id: c.id,
      name: `${c.firstName} ${c.lastName}`.trim() || c.email,
      email: c.email,
      username: c.username,
    })),
  });
}
