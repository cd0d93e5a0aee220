import { apiJson, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { listUsers, userListQuery } from '@/lib/api/users';

export const dynamic = 'force-dynamic';

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');

/** The organization's users, a page at a time; `available=true` for those who may receive automated work now. */
export const GET = apiRoute({ scope: 'users:read' }, async ({ request, caller, db, now }) => {
  const query = userListQuery(new URL(request.url).searchParams);
  return apiJson(await listUsers(db, caller.org.id, query, now));
});
