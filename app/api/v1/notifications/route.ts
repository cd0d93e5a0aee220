import { apiJson, otherMethods } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { deliverApiNotification } from '@/lib/api/notifications';
import { notificationBody } from '@/lib/api/schemas';
import { orgUser } from '@/lib/api/users';

export const dynamic = 'force-dynamic';

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');

/**
 * An event of the catalogue for one user: 202 with the channels it goes out on (none when turned
 * off). The row and the mail are written now; the job engine sends the mail and the push.
 */
export const POST = apiRoute({ scope: 'notifications:write', body: notificationBody }, async ({ caller, db, body }) => {
  const user = await orgUser(db, caller.org.id, body.userId);
  const channels = await deliverApiNotification(db, caller.org.id, user.id, body);
  return apiJson({ channels }, 202);
});
