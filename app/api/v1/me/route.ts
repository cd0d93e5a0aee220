import { apiJson, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { publicUser } from '@/lib/api/users';

export const dynamic = 'force-dynamic';

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');

/** The token's owner, their organization and the scopes the token may use now. */
export const GET = apiRoute({ scope: 'profile:read' }, async ({ caller }) =>
  apiJson({
    user: publicUser(caller.user),
    organization: { id: caller.org.id, name: caller.org.name },
    scopes: [...caller.scopes],
  }),
);
