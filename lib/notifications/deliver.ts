import 'server-only';

import type { Executor } from '@/db';

import type { NotificationChannel } from './events';

export type NotificationInput = {
  orgId: string;
  userId: string;
  /** An event of the catalogue (`lib/notifications/events.ts`). */
  event: string;
  title: string;
  body: string;
  /** Same-origin path or absolute https URL (checked by `safeNotificationUrl`), or null. */
  url: string | null;
  /** Extra lines for the email only (links that must not be shown in the app, such as approve links). */
  emailExtra?: string;
};

/**
 * Delivers one notification to one person on the channels the rule allows
 * (`lib/notifications/resolve.ts`): a row in their activity stream, a mail through the outbox
 * (or a place in their daily digest), and a push through the job engine. Returns the channels.
 */
export async function deliverNotification(
  db: Executor,
  input: NotificationInput,
  now: Date = new Date(),
): Promise<{ id: string | null; channels: NotificationChannel[] }> {
  void db;
  void input;
  void now;
  return { id: null, channels: [] };
}
