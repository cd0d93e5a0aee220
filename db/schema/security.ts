import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id } from './columns';
import { organizations } from './organizations';
import { users } from './users';

/** Single use, 30 minutes, voided by a newer token and by any password change; only the hash is kept. */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('password_reset_tokens_hash_key').on(t.tokenHash),
    index('password_reset_tokens_user_idx').on(t.userId),
  ],
);

/** Two-factor backup codes, stored hashed, each usable once. */
export const backupCodes = pgTable(
  'backup_codes',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('backup_codes_user_idx').on(t.userId)],
);

/**
 * Failure counters for sign-in, the two-factor step, reset requests and PIN checks, kept in the
 * database so every app instance sees the same numbers. `key` is e.g. `signin:acct:<email>`.
 */
export const authThrottle = pgTable('auth_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Accounts that failed to sign in from one client address (`ipKey` as in auth_throttle), one row
 * per pair with the time of its first failure in the current window: spraying one password over
 * many accounts is limited by how many distinct accounts one address may fail within the window.
 */
export const authThrottleIpAccounts = pgTable(
  'auth_throttle_ip_accounts',
  {
    ipKey: text('ip_key').notNull(),
    accountKey: text('account_key').notNull(),
    firstFailedAt: timestamp('first_failed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ipKey, t.accountKey] })],
);
