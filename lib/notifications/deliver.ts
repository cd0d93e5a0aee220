import 'server-only';

import { and, eq, inArray } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { notifications, organizations, users } from '@/db/schema';

import { config } from '../config';
import { enqueueMail, enqueueMails } from '../mail/outbox';
import { greetingName, mailIntl } from '../mail/recipient';
import { findNotificationEvent, type NotificationChannel } from './events';
import { notificationOptions } from './options';
import { deliveryChannels } from './resolve';

export type NotificationInput = {
  orgId: string;
  userId: string;
  /** An event of the catalogue (`lib/notifications/events.ts`). */
  event: string;
  title: string;
  body: string;
  /** Same-origin path or absolute https URL (checked before it gets here), or null. */
  url: string | null;
  /** Extra lines for the email only (links that must not be shown in the app, such as approve links). */
  emailExtra?: string;
};

type Recipient = Pick<
  typeof users.$inferSelect,
  | 'id'
  | 'orgId'
  | 'email'
  | 'firstName'
  | 'locale'
  | 'timeZone'
  | 'status'
  | 'notificationPrefs'
  | 'notificationOptions'
>;
type Policy = Pick<typeof organizations.$inferSelect, 'notificationsEnabled' | 'notificationEvents'>;

const recipientColumns = {
  id: users.id,
  orgId: users.orgId,
  email: users.email,
  firstName: users.firstName,
  locale: users.locale,
  timeZone: users.timeZone,
  status: users.status,
  notificationPrefs: users.notificationPrefs,
  notificationOptions: users.notificationOptions,
};

/** An absolute link for a mail: a same-origin path gets the app's address in front. */
export function absoluteUrl(url: string): string {
  return url.startsWith('/') ? `${config.appUrl}${url}` : url;
}

/** The mail of one notification, in the person's language (`intl`: one made earlier for the same language and zone). */
function notificationMail(user: Recipient, input: NotificationInput, intl = mailIntl(user)) {
  const { t } = intl;
  const parts = [t('mail.greeting', { name: greetingName(user) }), input.title];
  if (input.body) parts.push(input.body);
  if (input.url) parts.push(t('mail.notification.open', { url: absoluteUrl(input.url) }));
  if (input.emailExtra) parts.push(input.emailExtra);
  parts.push(t('mail.notification.footer', { url: `${config.appUrl}/settings/notifications` }));
  return { orgId: user.orgId, to: user.email, subject: input.title, text: parts.join('\n\n') };
}

type Planned = { channels: NotificationChannel[]; row: typeof notifications.$inferInsert | null; mail: boolean };

/** What a person gets of one notification: the channels, the activity row, and whether a mail goes now. */
function plan(user: Recipient, policy: Policy, input: NotificationInput): Planned {
  const event = findNotificationEvent(input.event);
  if (!event || user.status !== 'active') return { channels: [], row: null, mail: false };
  const channels = deliveryChannels(policy, user.notificationPrefs ?? {}, event.key);
  if (channels.length === 0) return { channels, row: null, mail: false };
  const email = channels.includes('email');
  const digest = email && !event.urgent && notificationOptions(user.notificationOptions).dailyDigest;
  const row = {
    orgId: user.orgId,
    userId: user.id,
    event: event.key,
    title: input.title,
    body: input.body,
    url: input.url,
    inApp: channels.includes('inApp'),
    digestPending: digest,
    pushPending: channels.includes('push'),
  };
  return { channels, row, mail: email && !digest };
}

async function deliverTo(
  tx: Executor,
  user: Recipient,
  policy: Policy,
  input: NotificationInput,
): Promise<{ id: string | null; channels: NotificationChannel[] }> {
  const planned = plan(user, policy, input);
  if (!planned.row) return { id: null, channels: planned.channels };
  const [row] = await tx.insert(notifications).values(planned.row).returning({ id: notifications.id });
  if (planned.mail) await enqueueMail(tx, notificationMail(user, input));
  return { id: row.id, channels: planned.channels };
}

async function policyOf(db: Executor, orgId: string): Promise<Policy | undefined> {
  const [org] = await db
    .select({
      notificationsEnabled: organizations.notificationsEnabled,
      notificationEvents: organizations.notificationEvents,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return org;
}

/**
 * Delivers one notification to one person on the channels the rule allows
 * (`lib/notifications/resolve.ts`): a row in their activity stream, a mail through the outbox
 * (or a place in their daily digest, for events that are not urgent), and a push sent by the job
 * engine (`push_pending`). Nothing is written when no channel is on. Returns the channels used.
 */
export async function deliverNotification(
  db: Executor,
  input: NotificationInput,
): Promise<{ id: string | null; channels: NotificationChannel[] }> {
  const [user] = await db
    .select(recipientColumns)
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.orgId, input.orgId)));
  const policy = await policyOf(db, input.orgId);
  if (!user || !policy) return { id: null, channels: [] };
  return db.transaction((tx) => deliverTo(tx, user, policy, input));
}

/**
 * The same notification for many people of one organization (a fan-out), in batches of 500 per
 * transaction: each gets what their own settings allow. Returns how many rows were written.
 */
export async function deliverToMany(
  db: Db,
  input: Omit<NotificationInput, 'userId'>,
  userIds: readonly string[],
): Promise<number> {
  const policy = await policyOf(db, input.orgId);
  if (!policy) return 0;
  let written = 0;
  // Most people share a language and a zone: their mail's translator is made once.
  const intls = new Map<string, ReturnType<typeof mailIntl>>();
  for (let i = 0; i < userIds.length; i += 500) {
    const batch = userIds.slice(i, i + 500);
    const people = await db
      .select(recipientColumns)
      .from(users)
      .where(and(eq(users.orgId, input.orgId), inArray(users.id, batch)));
    // One multi-row insert of activity rows and one of mails per batch.
    const planned = people.map((user) => ({ user, ...plan(user, policy, { ...input, userId: user.id }) }));
    const rowsToWrite = planned.flatMap((p) => (p.row ? [p.row] : []));
    const mails = planned
      .filter((p) => p.mail)
      .map((p) => {
        const key = `${p.user.locale}|${p.user.timeZone ?? ''}`;
        if (!intls.has(key)) intls.set(key, mailIntl(p.user));
        return notificationMail(p.user, { ...input, userId: p.user.id }, intls.get(key));
      });
    await db.transaction(async (tx) => {
      if (rowsToWrite.length) await tx.insert(notifications).values(rowsToWrite);
      if (mails.length) await enqueueMails(tx, mails);
    });
    written += rowsToWrite.length;
  }
  return written;
}

/**
 * Sends each person whose non-urgent mail waits for the daily digest one mail listing it, and
 * clears the flags: run by the job engine every hour, it sends when the person's own clock reads
 * 8 in the morning, or when something has waited more than a day (a digest is never skipped).
 */
export async function sendDailyDigests(db: Db, now: Date = new Date()): Promise<number> {
  const waiting = await db
    .selectDistinct({ userId: notifications.userId })
    .from(notifications)
    .where(eq(notifications.digestPending, true));
  let sent = 0;
  for (const { userId } of waiting) {
    const [user] = await db.select(recipientColumns).from(users).where(eq(users.id, userId));
    if (!user) continue;
    sent += await db.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: notifications.id,
          title: notifications.title,
          url: notifications.url,
          createdAt: notifications.createdAt,
        })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.digestPending, true)))
        .orderBy(notifications.createdAt)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      const oldest = rows[0].createdAt.getTime();
      const localHour = Number(
        new Intl.DateTimeFormat('en-GB', {
          hour: 'numeric',
          hourCycle: 'h23',
          timeZone: user.timeZone ?? 'UTC',
        }).format(now),
      );
      if (localHour !== 8 && now.getTime() - oldest < 86_400_000) return 0;
      const { t, time } = mailIntl(user);
      const lines = rows.map(
        (row) => `- ${row.title} (${time(row.createdAt)})${row.url ? `\n  ${absoluteUrl(row.url)}` : ''}`,
      );
      await enqueueMail(tx, {
        orgId: user.orgId,
        to: user.email,
        subject: t('mail.digest.subject'),
        text: [
          t('mail.greeting', { name: greetingName(user) }),
          t('mail.digest.intro'),
          lines.join('\n'),
          t('mail.digest.footer', { url: `${config.appUrl}/settings/notifications` }),
        ].join('\n\n'),
      });
      await tx
        .update(notifications)
        .set({ digestPending: false })
        .where(
          inArray(
            notifications.id,
            rows.map((row) => row.id),
          ),
        );
      return 1;
    });
  }
  return sent;
}
