import 'server-only';

import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { invitations, mailOutbox } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import { hideSecretLinks } from '../http/secret-links';
import { attentionOf } from './outbox';

export type RetryRefusal = 'gone' | 'notStuck' | 'deadInvitation';
export type RetryResult = { ok: true; to: string } | { ok: false; reason: RetryRefusal };

/**
 * An invitation mail is worth sending only while its link still opens the invitation: a revoked,
 * replaced (revoked by its successor), accepted or expired one's link is dead, and a deleted one
 * takes its mail along (cascade). Locks the invitation (`share`) so a revocation waits for us.
 */
async function invitationStillOpen(tx: Executor, orgId: string, invitationId: string, lock: boolean): Promise<boolean> {
  const query = tx
    .select({ acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.orgId, orgId)));
  const [row] = lock ? await query.for('share') : await query;
  return !!row && !row.acceptedAt && !row.revokedAt && row.expiresAt.getTime() > Date.now();
}

/** For the mailbox list: which of these invitations still make their mail worth a retry. */
export async function openInvitationIds(tx: Executor, orgId: string, invitationIds: string[]): Promise<Set<string>> {
  if (invitationIds.length === 0) return new Set();
  const rows = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        inArray(invitations.id, [...new Set(invitationIds)]),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/**
 * An admin's "Retry" on a failed or delayed mail of their own organization: back to pending, due
 * now, attempts and last error cleared, and queued anew (created_at) so it gets a fresh three days
 * of retries instead of being given up after its next failure. `mailId` is only a lookup key
 * inside `actor.orgId`: another organization's id is answered like one that does not exist.
 */
export async function retryMail(
  db: Db,
  actor: { id: string; orgId: string },
  mailId: string,
  meta?: RequestMeta,
): Promise<RetryResult> {
  if (!isUuid(mailId)) return { ok: false, reason: 'gone' };
  return db.transaction(async (tx): Promise<RetryResult> => {
    const mine = and(eq(mailOutbox.id, mailId), eq(mailOutbox.orgId, actor.orgId));
    const [seen] = await tx.select({ invitationId: mailOutbox.invitationId }).from(mailOutbox).where(mine);
    if (!seen) return { ok: false, reason: 'gone' };
    // The invitation before the mail, the order revoking takes them in (invitation, then its
    // pending mail): a revocation running now either finishes first and we refuse, or waits and
    // then drops the mail we put back to pending.
    if (seen.invitationId && !(await invitationStillOpen(tx, actor.orgId, seen.invitationId, true))) {
      return { ok: false, reason: 'deadInvitation' };
    }
    const [mail] = await tx.select().from(mailOutbox).where(mine).for('update');
    if (!mail || mail.invitationId !== seen.invitationId) return { ok: false, reason: 'gone' };
    const attention = attentionOf(mail);
    if (!attention) return { ok: false, reason: 'notStuck' };
    // A delayed mail may be in a worker's hands right now; resetting attempts makes that worker's
    // failure update miss (it matches on attempts), and the Message-ID stays the same, so at worst
    // the receiving server sees one copy twice.
    await tx
      .update(mailOutbox)
      .set({
        status: 'pending',
        attempts: 0,
        lastError: null,
        nextAttemptAt: sql`clock_timestamp()`,
        createdAt: sql`clock_timestamp()`,
      })
      .where(eq(mailOutbox.id, mail.id));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'mail.retried',
      targetType: 'mail',
      targetId: mail.id,
      data: {
        to: mail.to,
        subject: hideSecretLinks(mail.subject),
        status: attention,
        attempts: mail.attempts,
        queuedAt: mail.createdAt.toISOString(),
      },
      meta,
    });
    return { ok: true, to: mail.to };
  });
}
