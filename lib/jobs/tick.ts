import 'server-only';

import { asc, eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { tasks } from '@/db/schema';

import { purgeOldNotifications } from '../notifications/activity';
import { sendPendingPushes } from '../notifications/push';
import { sendDueReminders } from '../notifications/reminders';
import { registerTaskHandlers } from '../tasks/handlers';
import { runTask } from '../tasks/runner';
import { purgeOldFiles, reclaimStaleTasks } from '../tasks/tasks';

/** How long one call runs tasks; a task still running then is picked up again by a later call. */
const TASK_BUDGET_MS = 45_000;

/**
 * One round of the work the job engine does by itself where a process stays up: due reminders,
 * pending browser pushes, then queued background tasks, oldest first, until the budget is spent.
 * Once a day (03:17 UTC) also the clean-up of old notifications and files. (Mail has its own cron
 * route.) Without the engine no job is ever queued for a task, so every
 * queued task counts as waiting here.
 */
export async function runJobsOnce(
  db: Db,
  budgetMs = TASK_BUDGET_MS,
): Promise<{ reminders: number; pushes: number; tasks: number }> {
  const reminders = await sendDueReminders(db);
  const pushes = (await sendPendingPushes(db)).sent;
  // The engine's daily clean-up, at the same time of day: old notifications, files and reports.
  const now = new Date();
  if (now.getUTCHours() === 3 && now.getUTCMinutes() === 17) {
    await purgeOldNotifications(db);
    await purgeOldFiles(db);
  }
  registerTaskHandlers();
  await reclaimStaleTasks(db, undefined, 0);
  const until = Date.now() + budgetMs;
  let ran = 0;
  while (Date.now() < until) {
    const [next] = await db
      .select({ id: tasks.id })
      .from(tasks)
      .where(eq(tasks.status, 'queued'))
      .orderBy(asc(tasks.createdAt))
      .limit(1);
    if (!next) break;
    await runTask(db, next.id);
    ran++;
  }
  return { reminders, pushes, tasks: ran };
}
