import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

import { bytea, createdAt, id } from './columns';
import { organizations } from './organizations';
import { users } from './users';

/**
 * A file kept in the database in chunks, so a 50 MB upload or a large export is written and read
 * a piece at a time: an import's source file, an export, a task's result.
 */
export const blobs = pgTable(
  'blobs',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The name the file is downloaded under (without a path). */
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull().default(0),
    /** False while it is being written: an unfinished file is never served. */
    complete: boolean('complete').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('blobs_owner_idx').on(t.ownerUserId, t.createdAt)],
);

export const blobChunks = pgTable(
  'blob_chunks',
  {
    blobId: uuid('blob_id')
      .notNull()
      .references(() => blobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.blobId, t.seq] })],
);

export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_ACTIONS = [
  'users.import.check',
  'users.import',
  'users.export',
  'group.members.export',
  'audit.export',
  'data.export',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/**
 * A long piece of work run by the job engine on someone's behalf. Work is done in batches; each
 * batch commits together with `done`, so a task interrupted by a restart goes on from its last
 * committed batch and applies no row twice.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    ownerUserId: uuid('owner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What the owner sees, e.g. the imported file's name. */
    name: text('name').notNull(),
    action: text('action').$type<TaskAction>().notNull(),
    status: text('status').$type<TaskStatus>().notNull().default('queued'),
    /** What the action needs (a source file, a mapping, filters), checked when the task was made. */
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    done: integer('done').notNull().default(0),
    /** Null until known (an import counts its rows first). */
    total: integer('total'),
    /** Outcome counters shown with the task, e.g. invited, updated, refused rows. */
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** A message key saying why it failed. */
    error: text('error'),
    resultBlobId: uuid('result_blob_id').references(() => blobs.id, { onDelete: 'set null' }),
    /** How many times a worker picked the task up: a task that keeps being cut off ends as failed. */
    runs: integer('runs').notNull().default(0),
    /** Set by each worker that picks the task up: a batch commits only while its worker still holds it. */
    runId: uuid('run_id'),
    /** Touched by every batch: a running task not touched for a while was interrupted. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('tasks_owner_idx').on(t.ownerUserId, t.createdAt),
    index('tasks_unfinished_idx')
      .on(t.status)
      .where(sql`${t.status} in ('queued', 'running')`),
  ],
);

/** One problem of one row of an import (or its check), written with the batch that met it. */
export const taskRowErrors = pgTable(
  'task_row_errors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    column: text('column').notNull().default(''),
    value: text('value').notNull().default(''),
    message: text('message').notNull(),
  },
  (t) => [index('task_row_errors_task_idx').on(t.taskId, t.row)],
);
