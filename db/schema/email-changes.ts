import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id } from './columns';
import { organizations } from './organizations';
import { users } from './users';

/**
 * An address an admin asked to give a user, waiting until someone proves they read mail sent to
 * it. One per user: a newer request replaces the older. The token is stored only as its SHA-256.
 */
export const emailChanges = pgTable(
  'email_changes',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    newEmail: text('new_email').notNull(),
    tokenHash: text('token_hash').notNull(),
    requestedByUserId: uuid('requested_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('email_changes_user_key').on(t.userId),
    uniqueIndex('email_changes_hash_key').on(t.tokenHash),
    index('email_changes_org_idx').on(t.orgId),
  ],
);
