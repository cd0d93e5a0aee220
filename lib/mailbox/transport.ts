import 'server-only';

import type { Db } from '@/db';

import type { MailTransport } from '../mail/transport';

/**
 * The transport of the user's own connected mailbox, when the user chose to send through it and
 * the organization allows it; otherwise null (the organization's or the app's transport is used).
 */
export async function userMailboxTransport(db: Db, userId: string): Promise<MailTransport | null> {
  void db;
  void userId;
  return null;
}
