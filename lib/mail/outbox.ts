import 'server-only';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db, Executor } from '@/db';
import { mailOutbox } from '@/db/schema';
import { log } from '../log';
import { getTransport, type MailTransport } from './transport';

export type OutgoingMail = { orgId: string | null; to: string; subject: string; text: string; html?: string };

const MAX_ATTEMPTS = 8;

/** Queue a mail inside the caller's transaction; nothing is sent until the change commits. */
export async function enqueueMail(tx: Executor, mail: OutgoingMail): Promise<string> {
  const [row] = await tx
    .insert(mailOutbox)
    .values({ orgId: mail.orgId, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null })
    .returning({ id: mailOutbox.id });
  return row.id;
}

/** 30 s, 1 min, 2 min … capped at 6 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

/**
 * Deliver what is due. Rows are claimed by pushing their next attempt into the future first,
 * so a second worker (another instance, the cron route) skips them; a crash mid-send leaves
 * them to be retried after that lease, never lost.
 */
export async function drainOutbox(
  db: Db,
  transport: MailTransport = getTransport(),
  limit = 25,
): Promise<{ sent: number; failed: number }> {
  // The database's clock, as for next_attempt_at's default: a mail queued within the same
  // millisecond as this call would otherwise look not due yet (the server keeps microseconds).
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, sql`clock_timestamp()`)))
      .orderBy(asc(mailOutbox.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(mailOutbox)
      .set({ nextAttemptAt: sql`clock_timestamp() + interval '5 minutes'`, attempts: sql`${mailOutbox.attempts} + 1` })
      .where(inArray(mailOutbox.id, due.map((d) => d.id)))
      .returning();
  });
  let sent = 0;
  let failed = 0;
  for (const mail of claimed) {
    try {
      await transport.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined, id: mail.id });
      await db.update(mailOutbox).set({ status: 'sent', sentAt: new Date(), lastError: null }).where(eq(mailOutbox.id, mail.id));
      sent++;
    } catch (error) {
      failed++;
      const giveUp = mail.attempts >= MAX_ATTEMPTS;
      log.warn({ mailId: mail.id, attempts: mail.attempts, err: String(error) }, 'mail delivery failed');
      await db
        .update(mailOutbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lastError: String(error).slice(0, 500),
          nextAttemptAt: new Date(Date.now() + backoffSeconds(mail.attempts) * 1000),
        })
        .where(eq(mailOutbox.id, mail.id));
    }
  }
  return { sent, failed };
}
