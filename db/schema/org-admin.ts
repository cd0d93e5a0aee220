import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id, updatedAt } from './columns';
import { organizations } from './organizations';
import { users } from './users';

export type GroupType = 'team' | 'department' | 'project' | 'distribution';
export type GroupVisibility = 'public' | 'private' | 'hidden';

/** Custom roles: a named set of permissions (see lib/auth/permissions.ts for the names). */
export const roles = pgTable(
  'roles',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    permissions: jsonb('permissions').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('roles_org_name_key').on(t.orgId, sql`lower(${t.name})`)],
);

export const groups = pgTable(
  'groups',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: text('type').$type<GroupType>().notNull().default('team'),
    visibility: text('visibility').$type<GroupVisibility>().notNull().default('public'),
    description: text('description').notNull().default(''),
    photoFileId: uuid('photo_file_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('groups_org_name_key').on(t.orgId, sql`lower(${t.name})`)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user_idx').on(t.userId)],
);

/** A custom role given to a user directly or to a group (its members inherit it). */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('role_assignments_user_key').on(t.roleId, t.userId),
    uniqueIndex('role_assignments_group_key').on(t.roleId, t.groupId),
    index('role_assignments_org_idx').on(t.orgId),
  ],
);
