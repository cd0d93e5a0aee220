import { apiJson, notFound, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { reminderCancelBody } from '@/lib/api/schemas';
import { cancelReminder } from '@/lib/notifications/reminders';

export const dynamic = 'force-dynamic';

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');

/** Drops the reminder of a task or event that is done or deleted. */
export const POST = apiRoute(
  { scope: 'notifications:write', body: reminderCancelBody },
  async ({ caller, db, body }) => {
    if (!(await cancelReminder(db, caller.org.id, body))) throw notFound();
    return apiJson({ cancelled: true });
  },
);
