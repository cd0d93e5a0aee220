import 'server-only';

import { eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { organizations, type users } from '@/db/schema';

import { enqueueMail } from '../mail/outbox';
import { findNotificationEvent, isEventAllowedByOrg, type NotificationChannel } from '../notifications/events';

type User = typeof users.$inferSelect;

export type ApiNotification = { event: string; title: string; body: string; url: string };

/**
 * Whether the user lets this event reach them by email: on unless they turned it off, stored as
 * `<event>.email: false` (or `<event>: false` for the event on every channel).
 */
function userAllowsEmail(user: User, event: string): boolean {
  const prefs = user.notificationPrefs ?? {};
  return prefs[`${event}.email`] !== false && prefs[event] !== false;
}

/**
 * Delivers an application's notification to a user on the channels the organization and the user
 * allow. Only email exists so far (through the outbox, so an SMTP outage delays rather than loses
 * it); in-app and push are added by the notifications work. Returns the channels used.
 */
export async function deliverApiNotification(
  db: Db,
  orgId: string,
  user: User,
  notification: ApiNotification,
): Promise<NotificationChannel[]> {
  const event = findNotificationEvent(notification.event);
  if (!event || event.mandatory || user.status !== 'active') return [];
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org || !isEventAllowedByOrg(org, event.key)) return [];
  if (!event.channels.includes('email') || !userAllowsEmail(user, event.key)) return [];
  await enqueueMail(db, {
    orgId: org.id,
    to: user.email,
    subject: notification.title,
    text: [notification.body, notification.url].filter(Boolean).join('\n\n'),
  });
  return ['email'];
}
