import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

import { createdAt, id, updatedAt } from './columns';

export const organizations = pgTable('organizations', {
  id: id(),
  name: text('name').notNull(),
  requireMfa: boolean('require_mfa').notNull().default(false),
  /**
   * With `requireMfa`, the end of the grace period: until then people without two-factor get a
   * reminder and keep working; from then on they set it up before anything else. Null means at once.
   */
  mfaRequiredFrom: timestamp('mfa_required_from', { withTimezone: true }),
  sessionIdleMinutes: integer('session_idle_minutes').notNull().default(30),
  sessionAbsoluteHours: integer('session_absolute_hours').notNull().default(12),
  /** The longest a personal API token may live, in days. */
  maxTokenDays: integer('max_token_days').notNull().default(365),
  /** Who may invite: owners and admins; also holders of users.invite; or every member. */
  invitePolicy: text('invite_policy').$type<'admins' | 'managers' | 'everyone'>().notNull().default('admins'),
  /** Lower-case ASCII (IDNA) domains; empty means any domain. */
  allowedEmailDomains: jsonb('allowed_email_domains').$type<string[]>().notNull().default([]),
  notificationsEnabled: boolean('notifications_enabled').notNull().default(true),
  /** Event key → false when the organization switched that event off. */
  notificationEvents: jsonb('notification_events').$type<Record<string, boolean>>().notNull().default({}),
  /** Whether mail the app sends on a user's behalf may go out through the user's connected mailbox. */
  allowMailboxSending: boolean('allow_mailbox_sending').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One row, written once: the first-run setup claims it, so two concurrent setups cannot both win. */
export const instance = pgTable(
  'instance',
  {
    id: integer('id').primaryKey(),
    setupAt: createdAt(),
  },
  (t) => [check('instance_singleton', sql`${t.id} = 1`)],
);
