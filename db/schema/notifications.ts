import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id, updatedAt } from './columns';
import { organizations } from './organizations';
import { users } from './users';

/**
 * A person's own notification options beside the per-event switches (`users.notification_prefs`):
 * task options, calendar reminders, chat pop-ups and the daily digest. Missing keys take the
 * defaults of `lib/notifications/options.ts`. "Email on new tasks" is no option of its own: it is
 * the switch `task.assigned.email`.
 */
export type NotificationOptions = {
  /** The task deadline counter's range. */
  deadlineRange?: 'earlier' | 'today' | 'tomorrow' | 'week' | 'later';
  showCrmTasksSeparately?: boolean;
  approveByEmail?: boolean;
  /** Minutes before a task's deadline; null: no reminder. */
  taskReminderMinutes?: number | null;
  /** Minutes before a calendar event, unless the event sets its own; null: no reminder. */
  calendarReminderMinutes?: number | null;
  chatPopups?: boolean;
  /** Non-urgent events by email once a day rather than one mail each. */
  dailyDigest?: boolean;
};

/**
 * The activity stream: one row per notification a person received in the app (the in-app
 * channel), newest first, kept 90 days. Other channels (email, push) are sent from the same row.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** Same-origin path or absolute https URL; null: nothing to open. */
    url: text('url'),
    /** Shown in the activity stream (the in-app channel was allowed). */
    inApp: boolean('in_app').notNull().default(true),
    /** Waiting for the person's daily digest mail. */
    digestPending: boolean('digest_pending').notNull().default(false),
    /** Waiting to go to the person's browsers (Web Push), sent by the job engine. */
    pushPending: boolean('push_pending').notNull().default(false),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_idx')
      .on(t.userId, t.createdAt, t.id)
      .where(sql`${t.inApp}`),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`${t.inApp} and ${t.readAt} is null`),
    index('notifications_digest_idx')
      .on(t.userId)
      .where(sql`${t.digestPending}`),
    index('notifications_created_idx').on(t.createdAt),
  ],
);

/** A browser that accepted Web Push for a person ("Enable browser notifications"). */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    /** What the person sees in the list: the browser and system it was enabled in. */
    deviceName: text('device_name').notNull().default(''),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint),
    index('push_subscriptions_user_idx').on(t.userId),
  ],
);

export type ReminderKind = 'task' | 'calendar';

/**
 * A reminder due before a task's deadline or a calendar event, sent once at `send_at` (the due
 * time minus the lead time). Rows, not timers: a reminder whose time passed while the app was
 * down is sent when it is back, and `sent_at` keeps it from going out twice.
 */
export const reminders = pgTable(
  'reminders',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ReminderKind>().notNull(),
    /** The calling application's id of the task or event: the same key updates the reminder. */
    sourceKey: text('source_key').notNull(),
    title: text('title').notNull(),
    url: text('url'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** The event's own lead time; null follows the person's setting. */
    leadMinutes: integer('lead_minutes'),
    /** null: no reminder (the person turned them off). */
    sendAt: timestamp('send_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('reminders_source_key').on(t.orgId, t.userId, t.kind, t.sourceKey),
    index('reminders_due_idx')
      .on(t.sendAt)
      .where(sql`${t.sentAt} is null and ${t.sendAt} is not null`),
    index('reminders_user_idx').on(t.userId),
  ],
);

export type MailSecurity = 'tls' | 'starttls' | 'none';

/** The organization's business email: the SMTP server it sends from, instead of `SMTP_URL`. */
export const orgMailServers = pgTable(
  'org_mail_servers',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    security: text('security').$type<MailSecurity>().notNull(),
    username: text('username').notNull().default(''),
    /** Sealed with the app's secret box (`lib/security/secret-box.ts`); never sent to a page. */
    passwordSealed: text('password_sealed'),
    fromAddress: text('from_address').notNull(),
    fromName: text('from_name').notNull().default(''),
    /** When "Test connection" last succeeded with these settings. */
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId] })],
);

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

/**
 * A request for approval sent by another application (`POST /api/v1/approvals`) for a person:
 * the approver is that person, or their delegate while away, at the time of the decision.
 */
export const approvalRequests = pgTable(
  'approval_requests',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Whose approval is asked for. */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    url: text('url'),
    status: text('status').$type<ApprovalStatus>().notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** 'email' (a link in the mail) or 'api'. */
    decidedVia: text('decided_via'),
    /** The token that created it; its owner's applications read the decision. */
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('approval_requests_user_idx').on(t.orgId, t.userId, t.createdAt)],
);

/**
 * The signed, single-use link of an approval mail: for one approver, hashed (SHA-256), 7 days.
 * Both buttons of the mail carry the same link; its page asks which decision to post.
 */
export const approvalLinks = pgTable(
  'approval_links',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    requestId: uuid('request_id')
      .notNull()
      .references(() => approvalRequests.id, { onDelete: 'cascade' }),
    approverId: uuid('approver_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('approval_links_hash_key').on(t.tokenHash), index('approval_links_request_idx').on(t.requestId)],
);
