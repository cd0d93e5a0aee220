import 'server-only';

import type { Executor } from '@/db';
import type { NotificationOptions } from '@/db/schema/notifications';

/**
 * Recomputes when each of the person's unsent reminders goes out after they changed their lead
 * times (a calendar event with its own lead time keeps it).
 */
export async function rescheduleReminders(
  db: Executor,
  user: { id: string; orgId: string },
  options: NotificationOptions,
): Promise<void> {
  void db;
  void user;
  void options;
}
