import { apiJson, notFound, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { apiNotificationUrl } from '@/lib/api/notifications';
import { reminderBody } from '@/lib/api/schemas';
import { upsertReminder } from '@/lib/notifications/reminders';

export const dynamic = 'force-dynamic';

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');

/** A reminder before a task's deadline or a calendar event for one user: when it goes out. */
export const POST = apiRoute({ scope: 'notifications:write', body: reminderBody }, async ({ caller, db, body }) => {
  const url = body.url ? apiNotificationUrl(body.url) : null;
  const reminder = await upsertReminder(db, caller.org.id, {
    userId: body.userId,
    kind: body.kind,
    key: body.key,
    title: body.title,
    url,
    dueAt: new Date(body.dueAt),
    leadMinutes: body.leadMinutes ?? null,
  });
  if (!reminder) throw notFound();
  return apiJson({ id: reminder.id, sendAt: reminder.sendAt?.toISOString() ?? null });
});
