import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

import { createdAt, id, updatedAt } from './columns';
import type { MailSecurity } from './notifications';
import { organizations } from './organizations';
import { users } from './users';

/**
 * An external OpenID Connect account linked to a user: one per user, and one user per external
 * account within an organization. `subject` is the provider's `sub` for `issuer`.
 */
export const linkedAccounts = pgTable(
  'linked_accounts',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    /** What the provider said about the account when it was linked (shown, never trusted). */
    email: text('email'),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId] }),
    uniqueIndex('linked_accounts_subject_key').on(t.orgId, t.issuer, t.subject),
  ],
);

export type MailboxPreset = 'gmail' | 'yahoo' | 'outlook' | 'office365' | 'custom';

/**
 * A user's own mailbox (IMAP to read, SMTP to send). The password is sealed with the app's
 * secret box and never sent to a page.
 */
export const userMailboxes = pgTable(
  'user_mailboxes',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    preset: text('preset').$type<MailboxPreset>().notNull().default('custom'),
    address: text('address').notNull(),
    imapHost: text('imap_host').notNull(),
    imapPort: integer('imap_port').notNull(),
    imapSecurity: text('imap_security').$type<MailSecurity>().notNull(),
    smtpHost: text('smtp_host').notNull(),
    smtpPort: integer('smtp_port').notNull(),
    smtpSecurity: text('smtp_security').$type<MailSecurity>().notNull(),
    username: text('username').notNull(),
    passwordSealed: text('password_sealed').notNull(),
    /** The user's choice to send mail the app writes on their behalf through this mailbox. */
    sendAs: boolean('send_as').notNull().default(false),
    /** When "Test connection" last succeeded with these settings. */
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId] })],
);

/**
 * A user's OpenPGP public key: mail and downloads meant for the user are encrypted to it. Only
 * public keys are ever stored.
 */
export const userPgpKeys = pgTable(
  'user_pgp_keys',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The armored public key. */
    armored: text('armored').notNull(),
    fingerprint: text('fingerprint').notNull(),
    algorithm: text('algorithm').notNull(),
    userIds: jsonb('user_ids').$type<string[]>().notNull().default([]),
    /** Lower-cased email addresses of the key's user IDs: mail to them is encrypted. */
    emails: jsonb('emails').$type<string[]>().notNull().default([]),
    keyCreatedAt: timestamp('key_created_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId] })],
);

/** WebAuthn credentials (passkeys). */
export const passkeys = pgTable(
  'passkeys',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** base64url credential id, as the browser reports it. */
    credentialId: text('credential_id').notNull(),
    /** base64url COSE public key. */
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    transports: jsonb('transports').$type<string[]>().notNull().default([]),
    deviceType: text('device_type'),
    backedUp: boolean('backed_up').notNull().default(false),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('passkeys_credential_key').on(t.credentialId), index('passkeys_user_idx').on(t.userId)],
);

/** Single-use WebAuthn challenges, kept server side for five minutes. */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    id: id(),
    /** The user adding a passkey; null for a sign-in (discoverable credentials). */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<'register' | 'authenticate'>().notNull(),
    challenge: text('challenge').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webauthn_challenges_challenge_key').on(t.challenge),
    index('webauthn_challenges_expiry_idx').on(t.expiresAt),
  ],
);
