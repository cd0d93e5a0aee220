import 'server-only';

import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';

import { jsonRecords, type Db, type Executor } from '@/db';
import { mailOutbox } from '@/db/schema';

import { recipientKey } from '../keys/recipient-key';
import { log } from '../log';
import { userMailboxTransport } from '../mailbox/transport';
import { orgMailTransport } from '../org/mail-server';
import { getTransport, type MailTransport } from './transport';

export type OutgoingMail = {
  orgId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The invitation whose link the mail carries, so the mail can be dropped with it. */
  invitationId?: string;
  /** Never encrypted to the recipient's OpenPGP key (a password-reset link). */
  plainOnly?: boolean;
  /** The person on whose behalf the mail is sent: it goes out through their own mailbox when they chose so. */
  sendAsUserId?: string;
};

/**
 * An SMTP outage of a weekend must not lose mail: a failing mail is retried for three days after
 * it was queued before it is marked failed. Past DELAY_WARNING each failed attempt logs a warning
 * ("mail delayed") for alerting; giving up logs an error ("mail failed").
 */
export const RETRY_FOR_MS = 3 * 86_400_000;
export const DELAY_WARNING_MS = 15 * 60_000;
/**
 * What the admins' mailbox singles out: a mail given up on, or one still undelivered past
 * DELAY_WARNING (the point where its failures start logging "mail delayed").
 */
export type MailAttention = 'failed' | 'delayed';
export function attentionOf(mail: { status: string; createdAt: Date }, now = Date.now()): MailAttention | null {
  if (mail.status === 'failed') return 'failed';
  if (mail.status === 'pending' && now - mail.createdAt.getTime() >= DELAY_WARNING_MS) return 'delayed';
  return null;
}

/** How long a claimed mail is left to its worker before another may take it. */
const LEASE = sql`interval '5 minutes'`;

const outboxRow = (mail: OutgoingMail) => ({
  orgId: mail.orgId,
  to: mail.to,
  subject: mail.subject,
  text: mail.text,
  html: mail.html ?? null,
  invitationId: mail.invitationId ?? null,
  plainOnly: mail.plainOnly ?? false,
  sendAsUserId: mail.sendAsUserId ?? null,
});

/** Queue a mail inside the caller's transaction; nothing is sent until the change commits. */
export async function enqueueMail(tx: Executor, mail: OutgoingMail): Promise<string> {
  const [row] = await tx.insert(mailOutbox).values(outboxRow(mail)).returning({ id: mailOutbox.id });
  return row.id;
}

/** Many mails in one statement (a notification to many people), as `enqueueMail` queues one. */
export async function enqueueMails(tx: Executor, mails: readonly OutgoingMail[]): Promise<void> {
  if (mails.length < 2) {
    if (mails.length) await enqueueMail(tx, mails[0]);
    return;
  }
  await tx.execute(sql`
    insert into mail_outbox (org_id, "to", subject, text, html, invitation_id, plain_only, send_as_user_id)
    select m."orgId", m."to", m.subject, m.text, m.html, m."invitationId", m."plainOnly", m."sendAsUserId"
    from ${jsonRecords(mails.map(outboxRow))}
      as m("orgId" uuid, "to" text, subject text, text text, html text, "invitationId" uuid, "plainOnly" boolean,
           "sendAsUserId" uuid)`);
}

/** 30 s, 1 min, 2 min … then every hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);
}

/**
 * Deliver what is due. Rows are claimed by pushing their next attempt into the future first,
 * so a second worker (another instance, the cron route) skips them; a crash mid-send leaves
 * them to be retried after that lease, never lost. Each mail's lease is renewed just before it
 * is sent, so the last of a batch behind a slow server is not taken and sent by another worker.
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
      .set({ nextAttemptAt: sql`clock_timestamp() + ${LEASE}`, attempts: sql`${mailOutbox.attempts} + 1` })
      .where(
        inArray(
          mailOutbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  let sent = 0;
  let failed = 0;
  // An organization with its own business email sends through it, as its sender; the rest (and
  // mail of no organization) through `transport`. Looked up once per organization per batch.
  const orgTransports = new Map<string, Promise<MailTransport | null>>();
  const transportFor = async (orgId: string | null) => {
    if (!orgId) return transport;
    let own = orgTransports.get(orgId);
    if (!own) orgTransports.set(orgId, (own = orgMailTransport(db, orgId)));
    return (await own) ?? transport;
  };
  for (const mail of claimed) {
    // Still ours, still wanted: not claimed again by another worker, not dropped meanwhile.
    const ours = and(
      eq(mailOutbox.id, mail.id),
      eq(mailOutbox.status, 'pending'),
      eq(mailOutbox.attempts, mail.attempts),
    );
    const renewed = await db
      .update(mailOutbox)
      .set({ nextAttemptAt: sql`clock_timestamp() + ${LEASE}` })
      .where(ours)
      .returning({ id: mailOutbox.id });
    if (renewed.length === 0) continue;
    try {
      // Inside the try: a server that cannot be used (a password sealed under another secret)
      // fails this attempt like an unreachable one, and the mail waits for the next.
      const via =
        (mail.sendAsUserId && (await userMailboxTransport(db, mail.sendAsUserId))) || (await transportFor(mail.orgId));
      await via.send({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        id: mail.id,
        encryptTo: mail.plainOnly ? null : await recipientKey(db, mail.to),
      });
      await db
        .update(mailOutbox)
        .set({ status: 'sent', sentAt: new Date(), lastError: null })
        .where(eq(mailOutbox.id, mail.id));
      sent++;
    } catch (error) {
      failed++;
      const now = Date.now();
      const delayedMs = now - mail.createdAt.getTime();
      const giveUp = delayedMs >= RETRY_FOR_MS;
      const nextAttemptAt = new Date(now + backoffSeconds(mail.attempts) * 1000);
      const details = {
        mailId: mail.id,
        orgId: mail.orgId,
        attempts: mail.attempts,
        queuedAt: mail.createdAt.toISOString(),
        delayedMinutes: Math.floor(delayedMs / 60_000),
        err: String(error),
      };
      if (giveUp) log.error(details, 'mail failed');
      else if (delayedMs >= DELAY_WARNING_MS)
        log.warn({ ...details, nextAttemptAt: nextAttemptAt.toISOString() }, 'mail delayed');
      else log.info({ ...details, nextAttemptAt: nextAttemptAt.toISOString() }, 'mail delivery failed, will retry');
      await db
        .update(mailOutbox)
        .set({ status: giveUp ? 'failed' : 'pending', lastError: String(error).slice(0, 500), nextAttemptAt })
        .where(ours);
    }
  }
  return { sent, failed };
}
