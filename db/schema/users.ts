import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id, updatedAt } from './columns';
import type { NotificationOptions } from './notifications';
import { organizations } from './organizations';

export type ManagedRole = 'owner' | 'admin' | 'member';
export type UserStatus = 'active' | 'invited' | 'deactivated';
export type Availability = 'online' | 'offline' | 'unavailable';
export type ContactAccount = { kind: string; handle: string };
export type DashboardDefaults = {
  dateRange?: string;
  chartMetric?: string;
  callsFilter?: string;
  paymentsFilter?: string;
};
export type DevicePreferences = { microphoneId?: string; speakerId?: string };

export const users = pgTable(
  'users',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** NFKC-normalised and lower-cased; unique across the instance because sign-in is by email. */
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    role: text('role').$type<ManagedRole>().notNull().default('member'),
    status: text('status').$type<UserStatus>().notNull().default('active'),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),

    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    displayName: text('display_name'),
    username: text('username'),
    jobTitle: text('job_title'),
    phone: text('phone'),
    dateOfBirth: date('date_of_birth'),
    contacts: jsonb('contacts').$type<ContactAccount[]>().notNull().default([]),
    photoFileId: uuid('photo_file_id'),

    availability: text('availability').$type<Availability>().notNull().default('online'),
    awayFrom: timestamp('away_from', { withTimezone: true }),
    awayUntil: timestamp('away_until', { withTimezone: true }),
    delegateUserId: uuid('delegate_user_id'),

    theme: text('theme').$type<'light' | 'dark' | 'system'>().notNull().default('system'),
    /** null follows the browser's prefers-reduced-motion. */
    animations: boolean('animations'),
    dashboardDefaults: jsonb('dashboard_defaults').$type<DashboardDefaults>().notNull().default({}),
    locale: text('locale').notNull().default('en'),
    /** null until the user (or the first sign-in) picks one; shown as UTC meanwhile. */
    timeZone: text('time_zone'),
    /** `<event>.<channel>: false` for each switch the person turned off (`lib/notifications/resolve.ts`). */
    notificationPrefs: jsonb('notification_prefs').$type<Record<string, boolean>>().notNull().default({}),
    notificationOptions: jsonb('notification_options').$type<NotificationOptions>().notNull().default({}),
    devices: jsonb('devices').$type<DevicePreferences>().notNull().default({}),
    pgpPublicKey: text('pgp_public_key'),

    mfaEnabled: boolean('mfa_enabled').notNull().default(false),
    totpSecretEnc: text('totp_secret_enc'),
    /** A secret shown during setup, kept until a valid code confirms it. */
    totpPendingEnc: text('totp_pending_enc'),
    totpLastStep: integer('totp_last_step'),
    pinHash: text('pin_hash'),
    pinFailedCount: integer('pin_failed_count').notNull().default(0),
    pinLockedAt: timestamp('pin_locked_at', { withTimezone: true }),

    /** Bumped on every profile write; a form carries it so a stale save is refused. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    uniqueIndex('users_org_username_key').on(t.orgId, sql`lower(${t.username})`),
    index('users_org_idx').on(t.orgId, t.status),
    // The admin list's default order (name, then id) within an organization.
    index('users_org_name_idx').on(t.orgId, sql`lower(${t.firstName} || ' ' || ${t.lastName})`, t.id),
    // "Newest first" and "Oldest first" (walked backwards).
    index('users_org_created_idx').on(t.orgId, t.createdAt, t.id),
    // Who may receive automated assignments (the API's `available=true`), in the list's order.
    index('users_org_online_idx')
      .on(t.orgId, sql`lower(${t.firstName} || ' ' || ${t.lastName})`, t.id)
      .where(sql`${t.status} = 'active' and ${t.availability} = 'online'`),
    // Substring search over name, email and username (pg_trgm; see the search migration).
    index('users_search_trgm_idx').using(
      'gin',
      sql`(lower(${t.firstName} || ' ' || ${t.lastName} || ' ' || ${t.email} || ' ' || coalesce(${t.username}, ''))) gin_trgm_ops`,
    ),
  ],
);
