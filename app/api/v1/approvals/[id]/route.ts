import { isUuid } from '@/lib/actions/schema-fields';
import { apiJson, notFound, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { approvalStatus } from '@/lib/approvals/requests';

export const dynamic = 'force-dynamic';

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');

/** Where an approval request of the caller's organization stands; any other id is a 404. */
export const GET = apiRoute<{ id: string }>({ scope: 'approvals:write' }, async ({ caller, db, params, now }) => {
  if (!isUuid(params.id)) throw notFound();
  const found = await approvalStatus(db, caller.org.id, params.id, now);
  if (!found) throw notFound();
  return apiJson({ ...found, decidedAt: found.decidedAt?.toISOString() ?? null });
});
