import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id } from './columns';
import { invitations } from './invitations';
import { organizations } from './organizations';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** Mail is written here in the same transaction as the change that causes it. */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: id(),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    /** The invitation whose link the mail carries: a replaced or revoked one's unsent mail is dropped. */
    invitationId: uuid('invitation_id').references(() => invitations.id, { onDelete: 'cascade' }),
    /** Never encrypted to the recipient's OpenPGP key (a password-reset link must stay readable). */
    plainOnly: boolean('plain_only').notNull().default(false),
    /** Sent through this user's connected mailbox when they chose so and the organization allows it. */
    sendAsUserId: uuid('send_as_user_id'),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_outbox_invitation_idx')
      .on(t.invitationId)
      .where(sql`${t.invitationId} is not null`),
  ],
);
