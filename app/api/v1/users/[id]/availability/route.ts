import { apiJson, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { orgUser } from '@/lib/api/users';
import { assignableReason } from '@/lib/availability/assignable';

export const dynamic = 'force-dynamic';

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');

/** Whether the user may receive queue calls and automatically assigned work now, and if not, why. */
export const GET = apiRoute<{ id: string }>({ scope: 'availability:read' }, async ({ caller, db, params, now }) => {
  const user = await orgUser(db, caller.org.id, params.id);
  const reason = assignableReason(user, now);
  return apiJson({
    userId: user.id,
    availability: user.availability,
    awayFrom: user.awayFrom?.toISOString() ?? null,
    awayUntil: user.awayUntil?.toISOString() ?? null,
    assignable: reason === 'assignable',
    reason,
  });
});
