import { apiJson, notFound, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { orgUser } from '@/lib/api/users';
import { approverFor } from '@/lib/approvals/approver';

export const dynamic = 'force-dynamic';

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');

/**
 * Who approves for the user now: the user, or — while they are away — the first delegate of
 * their chain who is present. Open to a token with `availability:read` (it tells no more than the
 * away period does) or `approvals:write` (an approvals application routing a request).
 */
export const GET = apiRoute<{ id: string }>(
  { scope: ['availability:read', 'approvals:write'] },
  async ({ caller, db, params, now }) => {
    const user = await orgUser(db, caller.org.id, params.id);
    const found = await approverFor(db, caller.org.id, user.id, now);
    if (!found) throw notFound();
    return apiJson({ userId: user.id, approver: found.approver, via: found.via });
  },
);
