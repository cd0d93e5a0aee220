import 'server-only';

import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';

import type { Db, Tx } from '@/db';
import { organizations, tasks, users, type TaskAction } from '@/db/schema';
import type { MessageKey } from '@/lib/i18n/message';

import { log } from '../log';
import type { OrgActor } from '../org/actor';
import type { Task } from './tasks';

/** A task ends as failed with this message for its owner. */
export class TaskFailure extends Error {
  constructor(readonly messageKey: MessageKey) {
    super(messageKey);
  }
}

/** Another worker holds the task now (this one was thought dead): this one stops, writing nothing. */
class TaskLost extends Error {}

export type Counts = Record<string, number>;

export type TaskRun = {
  db: Db;
  /** As claimed: `done` is how many units earlier runs committed. */
  task: Task;
  /** The owner, as they are now: whatever the task does, it does with their rights. */
  actor: OrgActor;
  setTotal: (total: number) => Promise<void>;
  /**
   * Commits one batch: `apply` writes with `tx`, and in the same transaction `done` grows by
   * `units` and the counts by what `apply` returns. Returns false, writing nothing, once
   * "Cancel" was asked for.
   */
  batch: (units: number, apply: (tx: Tx) => Promise<Counts | void>) => Promise<boolean>;
  /** Records the result file at once, so a later run can find (and replace) an unfinished one. */
  setResult: (blobId: string | null) => Promise<void>;
};

export type TaskOutcome = { status: 'succeeded' | 'cancelled' };
export type TaskHandler = (run: TaskRun) => Promise<TaskOutcome>;
type AfterTask = (db: Db, task: Task) => Promise<void>;

/** Pick-ups after which a task that never ends is failed (each restart after a lost worker is one). */
export const MAX_RUNS = 10;

/** Well inside STALE_AFTER_MS (lib/tasks/tasks.ts). */
const HEARTBEAT_MS = 10_000;

const handlers = new Map<TaskAction, { run: TaskHandler; after?: AfterTask }>();

/** Each action registers what runs it (and what follows its end, e.g. a notification). */
export function registerTaskHandler(action: TaskAction, run: TaskHandler, after?: AfterTask): void {
  handlers.set(action, { run, after });
}

const addCounts = (a: Counts, b: Counts | void): Counts => {
  const sum = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) sum[k] = (sum[k] ?? 0) + v;
  return sum;
};

/** Takes the task if it is queued (a second job for the same task finds it running and leaves). */
async function claim(db: Db, taskId: string, runId: string): Promise<Task | null> {
  const [task] = await db
    .update(tasks)
    // A task picked up again keeps its first start.
    .set({
      status: 'running',
      runId,
      runs: sql`${tasks.runs} + 1`,
      heartbeatAt: new Date(),
      startedAt: sql`coalesce(${tasks.startedAt}, now())`,
    })
    .where(and(eq(tasks.id, taskId), eq(tasks.status, 'queued')))
    .returning();
  return task ?? null;
}

async function ownerActor(db: Db, task: Task): Promise<OrgActor | null> {
  const [row] = await db
    .select({ id: users.id, role: users.role, status: users.status, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.id, task.ownerUserId), eq(users.orgId, task.orgId)));
  if (!row || row.status !== 'active') return null;
  return { id: row.id, orgId: task.orgId, orgName: row.orgName, role: row.role };
}

async function finish(
  db: Db,
  task: Task,
  runId: string,
  change: { status: 'succeeded' | 'failed' | 'cancelled'; error?: MessageKey },
): Promise<boolean> {
  const rows = await db
    .update(tasks)
    .set({ status: change.status, error: change.error ?? null, finishedAt: new Date(), heartbeatAt: new Date() })
    .where(and(eq(tasks.id, task.id), eq(tasks.runId, runId)))
    .returning({ id: tasks.id });
  return rows.length > 0;
}

/** Runs one task to its end (or to "Cancel", or to a failure with a message). */
export async function runTask(db: Db, taskId: string): Promise<void> {
  const runId = randomUUID();
  const task = await claim(db, taskId, runId);
  if (!task) return;
  // Cut off again and again (a host that ends each call before the task can): give up clearly
  // rather than hold the queue forever.
  if (task.runs > MAX_RUNS) {
    await finish(db, task, runId, { status: 'failed', error: 'tasks.errors.tooManyRuns' });
    return;
  }
  const handler = handlers.get(task.action);
  const actor = await ownerActor(db, task);
  if (!handler || !actor) {
    await finish(db, task, runId, {
      status: 'failed',
      error: handler ? 'tasks.errors.ownerGone' : 'tasks.errors.unknown',
    });
    return;
  }
  let counts = task.counts;
  const run: TaskRun = {
    db,
    task,
    actor,
    setTotal: async (total) => {
      await db
        .update(tasks)
        .set({ total, heartbeatAt: new Date() })
        .where(and(eq(tasks.id, task.id), eq(tasks.runId, runId)));
    },
    setResult: async (blobId) => {
      await db
        .update(tasks)
        .set({ resultBlobId: blobId, heartbeatAt: new Date() })
        .where(and(eq(tasks.id, task.id), eq(tasks.runId, runId)));
    },
    batch: async (units, apply) => {
      const applied = await db.transaction(async (tx) => {
        const [now] = await tx
          .select({ runId: tasks.runId, done: tasks.done, cancel: tasks.cancelRequested })
          .from(tasks)
          .where(eq(tasks.id, task.id))
          .for('update');
        if (!now || now.runId !== runId) throw new TaskLost();
        if (now.cancel) return false;
        const next = addCounts(counts, await apply(tx));
        await tx
          .update(tasks)
          .set({ done: now.done + units, counts: next, heartbeatAt: new Date() })
          .where(eq(tasks.id, task.id));
        counts = next;
        return true;
      });
      // Other requests get their turn between batches.
      await new Promise((resolve) => setImmediate(resolve));
      return applied;
    },
  };
  let outcome: { status: 'succeeded' | 'failed' | 'cancelled'; error?: MessageKey };
  // A long step between batches (counting a large file's rows) must not look like a lost worker.
  const heartbeat = setInterval(() => {
    db.update(tasks)
      .set({ heartbeatAt: new Date() })
      .where(and(eq(tasks.id, task.id), eq(tasks.runId, runId)))
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  try {
    outcome = await handler.run(run);
  } catch (error) {
    if (error instanceof TaskLost) return;
    if (error instanceof TaskFailure) outcome = { status: 'failed', error: error.messageKey };
    else {
      log.error({ err: String(error), stack: (error as Error)?.stack, taskId, action: task.action }, 'task failed');
      outcome = { status: 'failed', error: 'tasks.errors.unexpected' };
    }
  } finally {
    clearInterval(heartbeat);
  }
  if (!(await finish(db, task, runId, outcome))) return;
  const [ended] = await db.select().from(tasks).where(eq(tasks.id, task.id));
  if (ended && handler.after) {
    try {
      await handler.after(db, ended);
    } catch (error) {
      log.warn({ err: String(error), taskId }, 'after-task step failed');
    }
  }
}
