import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id } from './columns';
import { organizations } from './organizations';
import { users, type ManagedRole } from './users';

/** What an import knew about the person beyond the form's fields, applied when they accept. */
export type InvitationExtras = { jobTitle?: string; phone?: string; username?: string; groupIds?: string[] };

/** The link is `/invite/<token>`; only the token's SHA-256 is stored. */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    role: text('role').$type<ManagedRole>().notNull().default('member'),
    tokenHash: text('token_hash').notNull(),
    extras: jsonb('extras').$type<InvitationExtras>().notNull().default({}),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_org_email_idx').on(t.orgId, t.email),
    // The pending ones only, newest first: accepted and revoked rows pile up with every resend
    // and accepted invitation, and the users page lists and counts only the pending.
    index('invitations_org_pending_idx')
      .on(t.orgId, t.createdAt, t.id)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);
