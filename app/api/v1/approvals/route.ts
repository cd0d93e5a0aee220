import { apiJson, notFound, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { apiNotificationUrl } from '@/lib/api/notifications';
import { approvalRequestBody } from '@/lib/api/schemas';
import { createApprovalRequest } from '@/lib/approvals/requests';
import { kickMailQueue, kickPushQueue } from '@/lib/jobs/boss';

export const dynamic = 'force-dynamic';

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');

/** Asks for a user's approval: the request goes to whoever approves for them now. */
export const POST = apiRoute(
  { scope: 'approvals:write', body: approvalRequestBody },
  async ({ caller, db, body, now }) => {
    const url = body.url ? apiNotificationUrl(body.url) : null;
    const created = await createApprovalRequest(
      db,
      caller.org.id,
      caller.user.id,
      { userId: body.userId, title: body.title, body: body.body, url },
      now,
    );
    if (!created) throw notFound();
    // The approver hears of it now rather than at the job engine's next tick.
    if (created.channels.includes('email')) await kickMailQueue();
    if (created.channels.includes('push')) await kickPushQueue();
    return apiJson({ id: created.id, status: created.status, approverId: created.approverId }, 201);
  },
);
