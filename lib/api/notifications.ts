import 'server-only';

import type { Db } from '@/db';

import { kickMailQueue, kickPushQueue } from '../jobs/boss';
import { deliverNotification } from '../notifications/deliver';
import type { NotificationChannel } from '../notifications/events';
import { ApiError } from './errors';
import { acceptedNotificationUrl } from './notification-link';

export type ApiNotification = { event: string; title: string; body: string; url: string };

const refusedUrl = () =>
  new ApiError('validation_failed', 'The body does not match the request schema.', {
    issues: [
      {
        path: 'url',
        code: 'invalid_url',
        message: 'Use a path on this app or an https address of an allowed host (NOTIFICATION_URL_HOSTS).',
      },
    ],
  });

/** A link the API accepts for a notification or reminder, or a 422 naming the field. */
export function apiNotificationUrl(value: string): string {
  const url = acceptedNotificationUrl(value);
  if (!url) throw refusedUrl();
  return url;
}

/**
 * Delivers an application's notification to a person of the caller's organization on the
 * channels the rule allows (`lib/notifications/resolve.ts`). Returns the channels used.
 */
export async function deliverApiNotification(
  db: Db,
  orgId: string,
  userId: string,
  notification: ApiNotification,
): Promise<NotificationChannel[]> {
  const url = apiNotificationUrl(notification.url);
  const { channels } = await deliverNotification(db, {
    orgId,
    userId,
    event: notification.event,
    title: notification.title,
    body: notification.body,
    url,
  });
  // The mail and the push go out through the job engine now rather than at its next tick.
  if (channels.includes('email')) await kickMailQueue();
  if (channels.includes('push')) await kickPushQueue();
  return channels;
}
