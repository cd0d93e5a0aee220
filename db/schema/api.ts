import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id } from './columns';
import { organizations } from './organizations';
import { users } from './users';

/**
 * Personal API tokens. The secret (`rst_` and 43 base64url characters, 256 random bits) is shown
 * once; only its SHA-256 digest is kept. A token acts as its owner, within the owner's
 * organization, for its scopes, and never beyond what the owner may do at the time of the call.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the secret (`rst_` and four more), so a person can tell tokens apart. */
    prefix: text('prefix').notNull(),
    /** Hex SHA-256 of the whole secret. */
    tokenHash: text('token_hash').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastUsedIp: text('last_used_ip'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId, t.createdAt)],
);

/**
 * Request counters of the API, per token and per client address, in fixed windows: in the
 * database, so that every instance of the app counts the same requests.
 */
export const apiRateLimits = pgTable('api_rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
});
