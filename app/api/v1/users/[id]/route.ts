import { apiJson, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { orgUser, publicUser } from '@/lib/api/users';

export const dynamic = 'force-dynamic';

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');

export const GET = apiRoute<{ id: string }>({ scope: 'users:read' }, async ({ caller, db, params }) =>
  apiJson(publicUser(await orgUser(db, caller.org.id, params.id))),
);
