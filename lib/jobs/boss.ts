import 'server-only';

import { userInfo } from 'node:os';
import PgBoss from 'pg-boss';

import { getDbHandle, type Db } from '@/db';
import { isDatabaseUnavailable } from '@/db/unavailable';

import { log } from '../log';
import { drainOutbox } from '../mail/outbox';
import { purgeOldNotifications } from '../notifications/activity';
import { deliverToMany, sendDailyDigests, type NotificationInput } from '../notifications/deliver';
import { sendPendingPushes } from '../notifications/push';
import { sendDueReminders } from '../notifications/reminders';
import { registerTaskHandlers } from '../tasks/handlers';
import { runTask } from '../tasks/runner';
import { purgeOldFiles, reclaimStaleTasks } from '../tasks/tasks';

export const QUEUES = {
  mailDrain: 'mail-drain',
  push: 'notification-push',
  reminders: 'notification-reminders',
  digest: 'notification-digest',
  retention: 'notification-retention',
  fanOut: 'notification-fan-out',
  tasks: 'tasks',
  tasksRecover: 'tasks-recover',
} as const;

/** People per fan-out job: each job is a few transactions of `deliverToMany`. */
export const FAN_OUT_BATCH = 500;

type TaskJob = { taskId: string };
type FanOutJob = { input: Omit<NotificationInput, 'userId'>; userIds: string[] };

/** node-postgres takes a missing user name only from $USER; postgres.js also asks the OS. */
function withUserName(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = process.env.USER || process.env.LOGNAME || userInfo().username;
  return parsed.toString();
}

const state = globalThis as unknown as { __rosterBoss?: Promise<PgBoss>; __rosterWorkers?: Map<string, string> };

/**
 * How often an idle worker looks for jobs by itself. A job queued in this process wakes its
 * worker at once (`wake`), and a worker that found jobs looks again at once, so these polls only
 * pick up jobs queued by another process and the engine's cron ticks (which reach their queue up
 * to about 35 s after their minute anyway). Polling each of its eight queues every second or
 * two, an idle server spent 8–16 ms of CPU a second on it with PostgreSQL and 19–33 ms with PGlite,
 * whose queries run on the server's own thread; polling every 15 s, 4–9 and 7–14 ms.
 */
const POLL_SECONDS = 15;

/** The worker of each queue in this process, by queue name (the last engine started). */
const workerIds = () => (state.__rosterWorkers ??= new Map());

/** Asks this process's worker of `queue` to look for jobs now rather than at its next poll. */
function wake(boss: PgBoss, queue: string): void {
  const id = workerIds().get(queue);
  if (id) boss.notifyWorker(id);
}

/**
 * Runs `handle` for each fetch of `queue`'s worker. After jobs that succeeded the worker looks
 * again at once: more may be waiting (one task per fetch), or have been queued meanwhile.
 */
async function work<T extends object>(
  boss: PgBoss,
  queue: string,
  options: { batchSize?: number },
  handle: (jobs: PgBoss.Job<T>[]) => Promise<void>,
): Promise<void> {
  const id = await boss.work<T>(queue, { ...options, pollingIntervalSeconds: POLL_SECONDS }, async (jobs) => {
    await handle(jobs);
    // A failed job is retried at the next poll instead.
    wake(boss, queue);
  });
  workerIds().set(queue, id);
}

/** Queues a job and wakes this process's worker for it. */
async function sendNow(boss: PgBoss, queue: string, data: object): Promise<void> {
  await boss.send(queue, data);
  wake(boss, queue);
}

/**
 * The job engine (pg-boss) runs inside the web process on the app's own database — PostgreSQL
 * or the embedded PGlite — so a newcomer has no second process to start.
 */
export function startJobs(): Promise<PgBoss> {
  state.__rosterBoss ??= (async () => {
    const handle = await getDbHandle();
    // On PostgreSQL pg-boss keeps its own small pool (it runs BEGIN … COMMIT scripts, which a
    // shared postgres.js pool refuses); on PGlite it shares the single embedded connection.
    const common = { schema: 'pgboss', migrate: true, supervise: true, schedule: true } as const;
    const boss =
      handle.kind === 'postgres' && handle.url
        ? new PgBoss({ ...common, connectionString: withUserName(handle.url), max: 3 })
        : new PgBoss({ ...common, db: { executeSql: handle.executeSql as never } });
    // The database going away is a warning here (the engine reconnects by itself, and requests
    // log it too); anything else is an error.
    boss.on('error', (error) =>
      isDatabaseUnavailable(error)
        ? log.warn({ err: String(error) }, 'job engine: database unavailable, retrying')
        : log.error({ err: String(error) }, 'job engine error'),
    );
    await boss.start();
    await boss.createQueue(QUEUES.mailDrain);
    await boss.schedule(QUEUES.mailDrain, '* * * * *');
    await work(boss, QUEUES.mailDrain, {}, async () => {
      const result = await drainWhileFull(handle.db);
      if (result.sent || result.failed) log.info(result, 'mail outbox drained');
    });
    // Notifications: pushes as soon as they are kicked (and every minute), reminders every minute
    // (late after downtime rather than lost), digests hourly (each at 8:00 in its person's zone).
    const every = async (queue: string, cron: string, run: () => Promise<unknown>) => {
      await boss.createQueue(queue);
      await boss.schedule(queue, cron);
      await work(boss, queue, {}, async () => {
        const result = await run();
        if (result) log.info({ queue, result }, 'job done');
      });
    };
    await every(QUEUES.push, '* * * * *', async () => nonZero(await sendPendingPushes(handle.db)));
    await every(QUEUES.reminders, '* * * * *', async () => {
      const sent = await sendDueReminders(handle.db);
      if (sent) await Promise.all([kickMailQueue(), kickPushQueue()]);
      return sent || null;
    });
    await every(QUEUES.digest, '5 * * * *', async () => (await sendDailyDigests(handle.db)) || null);
    await every(QUEUES.retention, '17 3 * * *', async () => {
      const [notifications, files] = [await purgeOldNotifications(handle.db), await purgeOldFiles(handle.db)];
      return notifications || files ? { notifications, files } : null;
    });
    // One notification for many people: jobs of FAN_OUT_BATCH people, up to ten per fetch.
    await boss.createQueue(QUEUES.fanOut);
    await work<FanOutJob>(boss, QUEUES.fanOut, { batchSize: 10 }, async (jobs) => {
      for (const job of jobs) await deliverToMany(handle.db, job.data.input, job.data.userIds);
      await Promise.all([kickMailQueue(), kickPushQueue()]);
    });
    // Background tasks, one at a time per process; the engine never retries one itself: a task
    // whose worker stopped (a restart) is picked up by the recovery tick and goes on from its
    // last committed batch.
    registerTaskHandlers();
    await boss.createQueue(QUEUES.tasks, { name: QUEUES.tasks, retryLimit: 0, expireInHours: 12 });
    await work<TaskJob>(boss, QUEUES.tasks, {}, async (jobs) => {
      for (const job of jobs) await runTask(handle.db, job.data.taskId);
    });
    await every(QUEUES.tasksRecover, '* * * * *', async () => {
      const ids = await reclaimStaleTasks(handle.db);
      for (const taskId of ids) await sendNow(boss, QUEUES.tasks, { taskId } satisfies TaskJob);
      return ids.length ? { resumed: ids.length } : null;
    });
    // Mail and reminders left from before a restart go out now rather than at the next cron tick.
    await sendNow(boss, QUEUES.mailDrain, {});
    await sendNow(boss, QUEUES.reminders, {});
    await sendNow(boss, QUEUES.push, {});
    await sendNow(boss, QUEUES.tasksRecover, {});
    return boss;
  })();
  return state.__rosterBoss;
}

/** Mails per claim: a batch is claimed, sent and recorded before the next is taken. */
const MAIL_BATCH = 25;
/** How long one drain job goes on while batches come back full; the next tick or kick takes over. */
const MAIL_DRAIN_BUDGET_MS = 45_000;

/**
 * Sends batch after batch while they come back full (an import queued thousands of invitations
 * at once), for up to MAIL_DRAIN_BUDGET_MS, letting requests in between: one batch of 25 a minute
 * would take days over 100,000 mails.
 */
async function drainWhileFull(db: Db): Promise<{ sent: number; failed: number }> {
  const total = { sent: 0, failed: 0 };
  const until = Date.now() + MAIL_DRAIN_BUDGET_MS;
  for (;;) {
    const { sent, failed } = await drainOutbox(db, undefined, MAIL_BATCH);
    total.sent += sent;
    total.failed += failed;
    if (sent + failed < MAIL_BATCH || Date.now() >= until) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const nonZero = (counts: Record<string, number>) => (Object.values(counts).some(Boolean) ? counts : null);

async function kick(queue: string): Promise<void> {
  if (!state.__rosterBoss) return;
  try {
    const boss = await state.__rosterBoss;
    // At most one job a second; a kick in a second that has its job already gets one in the
    // next second rather than none, so work committed after that job looked still goes soon.
    await boss.sendDebounced(queue, {}, {}, 1, queue === QUEUES.mailDrain ? 'drain' : 'kick');
    // The job starts now or, when this second has its job already, in the next second.
    wake(boss, queue);
    setTimeout(() => wake(boss, queue), 1_100).unref();
  } catch (error) {
    log.warn({ err: String(error), queue }, 'could not queue a job');
  }
}

/** Ask for a drain soon after a commit that queued mail; the cron tick is the fallback. */
export const kickMailQueue = (): Promise<void> => kick(QUEUES.mailDrain);

/** Ask for the pushes soon after a commit that queued some; the cron tick is the fallback. */
export const kickPushQueue = (): Promise<void> => kick(QUEUES.push);

/**
 * Queues one notification for many people of an organization, as jobs of FAN_OUT_BATCH people
 * each: the request that asks for it returns at once, and the job engine delivers to each person
 * what their own settings allow. Returns the number of jobs.
 */
export async function enqueueFanOut(
  input: Omit<NotificationInput, 'userId'>,
  userIds: readonly string[],
): Promise<number> {
  const boss = await startJobs();
  const jobs = [];
  for (let i = 0; i < userIds.length; i += FAN_OUT_BATCH) {
    jobs.push({
      name: QUEUES.fanOut,
      data: { input, userIds: userIds.slice(i, i + FAN_OUT_BATCH) } satisfies FanOutJob,
    });
  }
  await boss.insert(jobs);
  wake(boss, QUEUES.fanOut);
  return jobs.length;
}

/** Hands a committed task to the job engine. */
export async function enqueueTask(taskId: string): Promise<void> {
  await sendNow(await startJobs(), QUEUES.tasks, { taskId } satisfies TaskJob);
}
