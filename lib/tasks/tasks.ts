import 'server-only';

import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { blobs, taskRowErrors, tasks, type ManagedRole, type TaskAction, type TaskStatus } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { loadPermissionSet } from '../auth/authorize';
import type { Permission } from '../auth/permissions';
import { log } from '../log';

export type Task = typeof tasks.$inferSelect;
export type TaskListItem = Pick<
  Task,
  | 'id'
  | 'name'
  | 'action'
  | 'status'
  | 'done'
  | 'total'
  | 'counts'
  | 'error'
  | 'cancelRequested'
  | 'createdAt'
  | 'startedAt'
  | 'finishedAt'
> & {
  /** What the task has to download: its file, or the CSV report of its rows' problems. */
  result: { kind: 'file' | 'errors'; name: string; size: number } | null;
  /** Its file was kept for a shorter time than other tasks' (RESULT_DAYS) and that time is over. */
  expired: boolean;
};

export const UNFINISHED: TaskStatus[] = ['queued', 'running'];
export const TASKS_PAGE_SIZE = 20;

/** Imports (and their checks) that an organization's importers may see besides their owner. */
const IMPORT_ACTIONS: TaskAction[] = ['users.import', 'users.import.check'];

export type NewTask = {
  orgId: string;
  ownerUserId: string;
  name: string;
  action: TaskAction;
  params?: Record<string, unknown>;
};

/** Inserts the task in the caller's transaction; `startTask` hands it to the job engine after the commit. */
export async function insertTask(tx: Executor, input: NewTask): Promise<Task> {
  const [task] = await tx.insert(tasks).values(input).returning();
  return task;
}

/** Queues the task's job. Tasks left queued (the engine was down) are picked up by the recovery tick. */
export async function startTask(taskId: string): Promise<void> {
  const { enqueueTask } = await import('../jobs/boss');
  try {
    await enqueueTask(taskId);
  } catch (error) {
    log.warn({ err: String(error), taskId }, 'could not queue a task; the recovery tick will');
  }
}

/** The person's tasks, newest first, a page at a time. */
export async function listTasks(
  db: Executor,
  owner: { id: string; orgId: string },
  page = 1,
  now: Date = new Date(),
): Promise<{ items: TaskListItem[]; hasMore: boolean; running: boolean }> {
  const rows = await db
    .select({
      id: tasks.id,
      name: tasks.name,
      action: tasks.action,
      status: tasks.status,
      done: tasks.done,
      total: tasks.total,
      counts: tasks.counts,
      error: tasks.error,
      cancelRequested: tasks.cancelRequested,
      createdAt: tasks.createdAt,
      startedAt: tasks.startedAt,
      finishedAt: tasks.finishedAt,
      resultName: blobs.name,
      resultSize: blobs.size,
      hasErrors: sql<boolean>`exists (select 1 from task_row_errors e where e.task_id = ${tasks.id})`,
    })
    .from(tasks)
    .leftJoin(blobs, and(eq(blobs.id, tasks.resultBlobId), eq(blobs.complete, true)))
    .where(and(eq(tasks.ownerUserId, owner.id), eq(tasks.orgId, owner.orgId)))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(TASKS_PAGE_SIZE + 1)
    .offset((Math.max(1, page) - 1) * TASKS_PAGE_SIZE);
  const items = rows.slice(0, TASKS_PAGE_SIZE).map(({ resultName, resultSize, hasErrors, ...task }) => ({
    ...task,
    expired: resultExpired(task, now),
    result: resultExpired(task, now)
      ? null
      : resultName !== null
        ? { kind: 'file' as const, name: resultName, size: resultSize ?? 0 }
        : hasErrors
          ? { kind: 'errors' as const, name: errorReportName(task.name), size: 0 }
          : null,
  }));
  return {
    items,
    hasMore: rows.length > TASKS_PAGE_SIZE,
    running: items.some((t) => UNFINISHED.includes(t.status)),
  };
}

export function errorReportName(taskName: string): string {
  return `${taskName.replace(/\.csv$/i, '')} - errors.csv`;
}

/**
 * What a task's result shows, and so what its reader must hold now, owner or not. Null: the
 * owner's own data, which only the owner may download and which needs no permission.
 */
const RESULT_PERMISSION: Record<TaskAction, Permission | null> = {
  'users.import.check': 'import.run',
  'users.import': 'import.run',
  'users.export': 'users.read',
  'group.members.export': 'groups.manage',
  'audit.export': 'audit.read',
  'data.export': null,
};

/** Results kept for fewer days than FILE_DAYS: after this many days from the task's end they are gone. */
export const RESULT_DAYS: Partial<Record<TaskAction, number>> = { 'data.export': 7 };

/** Whether the task's result was kept for its shorter time (RESULT_DAYS) and that time is over. */
export function resultExpired(task: Pick<Task, 'action' | 'finishedAt'>, now: Date = new Date()): boolean {
  const days = RESULT_DAYS[task.action];
  return (
    days !== undefined && task.finishedAt !== null && task.finishedAt.getTime() + days * 86_400_000 <= now.getTime()
  );
}

/**
 * A task whose result the person may download: their own, or (with `import.run`) an import of
 * their organization, and only while they still hold what the task needed (an admin demoted
 * since exporting the audit log no longer gets its file). Unknown, malformed and others' ids all
 * answer null.
 */
export async function findVisibleTask(
  db: Executor,
  viewer: { id: string; orgId: string; role: ManagedRole },
  taskId: string,
): Promise<Task | null> {
  if (!isUuid(taskId)) return null;
  const [task] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), eq(tasks.orgId, viewer.orgId)))
    .limit(1);
  if (!task) return null;
  if (task.ownerUserId !== viewer.id && !IMPORT_ACTIONS.includes(task.action)) return null;
  if (resultExpired(task)) return null;
  const needed = RESULT_PERMISSION[task.action];
  if (needed === null) return task.ownerUserId === viewer.id ? task : null;
  const held = await loadPermissionSet(db, viewer);
  return held.has(needed) ? task : null;
}

/** "Cancel": a queued task ends now; a running one stops after its current batch. Owner only. */
export async function cancelTask(
  db: Db,
  owner: { id: string; orgId: string },
  taskId: string,
): Promise<'cancelled' | 'stopping' | 'finished' | 'not-found'> {
  if (!isUuid(taskId)) return 'not-found';
  return db.transaction(async (tx) => {
    const [task] = await tx
      .select({ status: tasks.status })
      .from(tasks)
      .where(and(eq(tasks.id, taskId), eq(tasks.ownerUserId, owner.id), eq(tasks.orgId, owner.orgId)))
      .for('update');
    if (!task) return 'not-found';
    if (task.status === 'queued') {
      await tx
        .update(tasks)
        .set({ status: 'cancelled', cancelRequested: true, finishedAt: new Date() })
        .where(eq(tasks.id, taskId));
      return 'cancelled';
    }
    if (task.status !== 'running') return 'finished';
    await tx.update(tasks).set({ cancelRequested: true }).where(eq(tasks.id, taskId));
    return 'stopping';
  });
}

/** A running task not touched for this long lost its worker (a restart) and is picked up again. */
export const STALE_AFTER_MS = 30_000;
/**
 * A queued task still waiting this long lost its job (the engine was out of reach when it was
 * made). Shorter would queue a second job for a task merely waiting behind a long one.
 */
export const LOST_AFTER_MS = 5 * 60_000;

/**
 * Tasks to (re)start: running ones whose worker stopped touching them, and queued ones whose job
 * was lost. They go back to queued; the caller queues a job for each (a job for a task that
 * another worker took meanwhile finds it running and leaves it).
 */
export async function reclaimStaleTasks(
  db: Executor,
  staleAfterMs = STALE_AFTER_MS,
  lostAfterMs = LOST_AFTER_MS,
): Promise<string[]> {
  const now = Date.now();
  const rows = await db
    .update(tasks)
    .set({ status: 'queued' })
    .where(
      or(
        and(eq(tasks.status, 'running'), lt(tasks.heartbeatAt, new Date(now - staleAfterMs))),
        and(
          eq(tasks.status, 'queued'),
          // A bare sql expression has no column type to map a Date: postgres.js needs it as text.
          sql`coalesce(${tasks.heartbeatAt}, ${tasks.createdAt}) < ${new Date(now - lostAfterMs).toISOString()}::timestamptz`,
        ),
      ),
    )
    .returning({ id: tasks.id });
  return rows.map((r) => r.id);
}

/** Uploaded import files and tasks' results are kept this long, then their downloads end. */
export const FILE_DAYS = 30;

/**
 * Removes files older than FILE_DAYS that no unfinished task still reads or writes, and the error
 * reports of tasks that ended as long ago; the tasks stay listed, without their download. Returns
 * how many files went.
 */
export async function purgeOldFiles(db: Executor, days = FILE_DAYS, now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  // Results kept for a shorter time (RESULT_DAYS) go once that time after their task's end is over.
  let early = 0;
  for (const [action, keep] of Object.entries(RESULT_DAYS)) {
    const until = new Date(now.getTime() - keep * 86_400_000).toISOString();
    const rows = await db
      .delete(blobs)
      .where(
        sql`${blobs.id} in (select t.result_blob_id from ${tasks} t where t.action = ${action}
              and t.status not in ('queued', 'running') and t.finished_at < ${until}::timestamptz)`,
      )
      .returning({ id: blobs.id });
    early += rows.length;
  }
  const gone = await db
    .delete(blobs)
    .where(
      and(
        sql`${blobs.createdAt} < ${before}::timestamptz`,
        sql`not exists (select 1 from ${tasks} t where t.status in ('queued', 'running')
              and (t.result_blob_id = ${blobs.id} or t.params->>'blobId' = ${blobs.id}::text))`,
      ),
    )
    .returning({ id: blobs.id });
  // The error reports of tasks that ended as long ago go with them.
  await db.delete(taskRowErrors).where(
    inArray(
      taskRowErrors.taskId,
      db
        .select({ id: tasks.id })
        .from(tasks)
        .where(sql`${tasks.finishedAt} < ${before}::timestamptz`),
    ),
  );
  return gone.length + early;
}
