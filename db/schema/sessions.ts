import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

import { createdAt } from './columns';
import { organizations } from './organizations';
import { users } from './users';

/** Server-side sessions: the JWT only carries this row's id, so deleting the row ends the session. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Two-factor step still owed: the session is good for /sign-in/mfa only. */
    mfaPending: boolean('mfa_pending').notNull().default(false),
    /** Signed in with a passkey that verified the user: two factors in one, whatever the organization requires. */
    passkeyVerified: boolean('passkey_verified').notNull().default(false),
    /** Last time the password was confirmed in this session (sensitive changes need it recently). */
    reauthAt: timestamp('reauth_at', { withTimezone: true }),
    /** Backup codes waiting to be shown once to this session (encrypted), and until when. */
    revealEnc: text('reveal_enc'),
    revealExpiresAt: timestamp('reveal_expires_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
