import 'server-only';

import type { Db, Executor } from '@/db';

/** One browser that receives a person's push notifications, as the settings page lists it. */
export type PushDevice = { id: string; deviceName: string; createdAt: Date; lastSuccessAt: Date | null };

/** The VAPID public key browsers subscribe with (base64url), from VAPID_PUBLIC_KEY or the data directory. */
export async function vapidPublicKey(): Promise<string> {
  return '';
}

/** The person's browsers with push enabled, newest first. */
export async function listPushDevices(db: Executor, user: { id: string; orgId: string }): Promise<PushDevice[]> {
  void db;
  void user;
  return [];
}

/**
 * Sends every notification waiting for push (`notifications.push_pending`) to its person's
 * browsers, and clears the flag; a subscription the push service says is gone (404, 410) is
 * removed. Run by the job engine. Returns how many pushes went out.
 */
export async function sendPendingPushes(db: Db, now: Date = new Date()): Promise<{ sent: number; removed: number }> {
  void db;
  void now;
  return { sent: 0, removed: 0 };
}
