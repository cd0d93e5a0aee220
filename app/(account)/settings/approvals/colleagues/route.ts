import { colleagueName, searchColleagues } from '@/lib/approvals/delegate';
import { MAX_SEARCH } from '@/lib/approvals/schemas';
import { routeHandler } from '@/lib/http/route-handler';

export const dynamic = 'force-dynamic';

/** Typeahead suggestions for the delegate: active colleagues of the caller's organization, not the caller. */
export const GET = routeHandler({ format: 'json' }, async (request, { db, current }) => {
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, MAX_SEARCH);
  const colleagues = await searchColleagues(db, current.user, q);
  return Response.json(
    { colleagues: colleagues.map((c) => ({ id: c.id, name: colleagueName(c), email: c.email })) },
    { headers: { 'cache-control': 'private, no-store' } },
  );
});
