import 'server-only';

import { and, eq, isNull } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { approvalLinks, approvalRequests, users, type ApprovalStatus } from '@/db/schema';

import { audit } from '../audit/log';
import { config } from '../config';
import type { RequestMeta } from '../http/request-meta';
import { mailIntl } from '../mail/recipient';
import { deliverNotification } from '../notifications/deliver';
import type { NotificationChannel } from '../notifications/events';
import { notificationOptions } from '../notifications/options';
import { hasBusinessEmail } from '../org/mail-server';
import { hashToken, isTokenShaped, newSecretToken } from '../security/tokens';
import { approverFor } from './approver';
import { colleagueName } from './delegate';

/** How long the links of an approval mail work. */
export const APPROVAL_LINK_DAYS = 7;

export type ApprovalDecision = 'approve' | 'reject';

export type ApprovalRequestInput = { userId: string; title: string; body: string; url: string | null };

export type CreatedApproval = {
  id: string;
  status: ApprovalStatus;
  approverId: string;
  /** The channels the request reached the approver on. */
  channels: NotificationChannel[];
};

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'> | undefined;

/** The page of the links in an approval mail; `decision` only preselects the button there. */
export function approvalLinkUrl(token: string, decision: ApprovalDecision): string {
  return `${config.appUrl}/approve/${token}?decision=${decision}`;
}

/**
 * Asks for `input.userId`'s approval on behalf of `createdByUserId` (the API token's owner): the
 * request goes to whoever approves for them now (`approverFor`: them, or their delegate while
 * away) as the urgent notification `approval.requested`. Its mail carries Approve and Reject links
 * only when the approver chose "Approve by email" and the organization has connected its business
 * email (the option is offered only then; a disconnected server turns it off in effect).
 * Returns null when the user is not in the organization.
 */
export async function createApprovalRequest(
  db: Db,
  orgId: string,
  createdByUserId: string | null,
  input: ApprovalRequestInput,
  now: Date = new Date(),
): Promise<CreatedApproval | null> {
  const found = await approverFor(db, orgId, input.userId, now);
  if (!found) return null;
  const approverId = found.approver.id;
  const [approver] = await db
    .select({ locale: users.locale, timeZone: users.timeZone, notificationOptions: users.notificationOptions })
    .from(users)
    .where(eq(users.id, approverId));
  const byEmail =
    Boolean(approver) &&
    notificationOptions(approver.notificationOptions).approveByEmail &&
    (await hasBusinessEmail(db, orgId));

  return db.transaction(async (tx) => {
    const [request] = await tx
      .insert(approvalRequests)
      .values({
        orgId,
        userId: input.userId,
        title: input.title,
        body: input.body,
        url: input.url,
        createdByUserId,
      })
      .returning({ id: approvalRequests.id, status: approvalRequests.status });
    let emailExtra: string | undefined;
    if (byEmail) {
      const token = newSecretToken();
      await tx.insert(approvalLinks).values({
        orgId,
        requestId: request.id,
        approverId,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + APPROVAL_LINK_DAYS * 86_400_000),
      });
      const { t } = mailIntl(approver);
      emailExtra = [
        t('mail.approval.approveLink', { url: approvalLinkUrl(token, 'approve') }),
        t('mail.approval.rejectLink', { url: approvalLinkUrl(token, 'reject') }),
      ].join('\n');
    }
    const { channels } = await deliverNotification(tx, {
      orgId,
      userId: approverId,
      event: 'approval.requested',
      title: input.title,
      body: input.body,
      url: input.url,
      emailExtra,
    });
    return { id: request.id, status: request.status, approverId, channels };
  });
}

/** Why a link cannot decide (`invalid`: no such link), or what it decided. */
export type LinkState = 'pending' | 'invalid' | 'expired' | 'used' | 'decided' | 'moved';
export type DecisionOutcome = Exclude<LinkState, 'pending'> | 'approved' | 'rejected';

type LinkRow = {
  linkId: string;
  orgId: string;
  approverId: string;
  expiresAt: Date;
  usedAt: Date | null;
  requestId: string;
  userId: string;
  title: string;
  body: string;
  status: ApprovalStatus;
  createdByUserId: string | null;
};

const linkColumns = {
  linkId: approvalLinks.id,
  orgId: approvalLinks.orgId,
  approverId: approvalLinks.approverId,
  expiresAt: approvalLinks.expiresAt,
  usedAt: approvalLinks.usedAt,
  requestId: approvalRequests.id,
  userId: approvalRequests.userId,
  title: approvalRequests.title,
  body: approvalRequests.body,
  status: approvalRequests.status,
  createdByUserId: approvalRequests.createdByUserId,
};

async function linkByToken(db: Executor, token: string, lock = false): Promise<LinkRow | null> {
  if (!isTokenShaped(token)) return null;
  const query = db
    .select(linkColumns)
    .from(approvalLinks)
    .innerJoin(approvalRequests, eq(approvalRequests.id, approvalLinks.requestId))
    .where(eq(approvalLinks.tokenHash, hashToken(token)))
    .limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/**
 * Whether the link could decide at `now`, in the order the page explains it: a used link says so
 * before its age does, and a request decided another way before the approver changed. The
 * approver is asked for again at this moment: a person away since the mail lost the decision to
 * their delegate.
 */
async function stateOf(db: Executor, row: LinkRow, now: Date): Promise<Exclude<LinkState, 'invalid'>> {
  if (row.usedAt) return 'used';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (row.status !== 'pending') return 'decided';
  const current = await approverFor(db, row.orgId, row.userId, now);
  if (!current || current.approver.id !== row.approverId) return 'moved';
  return 'pending';
}

async function nameOf(db: Executor, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [row] = await db
    .select({
      firstName: users.firstName,
      lastName: users.lastName,
      displayName: users.displayName,
      email: users.email,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row ? colleagueName(row) : null;
}

export type ApprovalLinkView = {
  state: Exclude<LinkState, 'invalid'>;
  title: string;
  body: string;
  /** The token owner whose application asked, if they still exist. */
  requestedBy: string | null;
  /** The person whose approval is asked when the link's approver is their delegate; else null. */
  onBehalfOf: string | null;
};

/** What the confirmation page shows for a link; reads only, so a mail scanner's visit decides nothing. */
export async function findApprovalLink(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<ApprovalLinkView | null> {
  const row = await linkByToken(db, token);
  if (!row) return null;
  return {
    state: await stateOf(db, row, now),
    title: row.title,
    body: row.body,
    requestedBy: await nameOf(db, row.createdByUserId),
    onBehalfOf: row.userId === row.approverId ? null : await nameOf(db, row.userId),
  };
}

/**
 * Decides a request with the link of its mail, once: refuses an unknown, used or expired link, a
 * request decided already, and a link whose approver no longer approves for the person
 * (`approverFor` at `now`). Otherwise, in one transaction (the link row locked, so two posts at
 * once decide once): the link is used, the request approved or rejected by the link's approver
 * via 'email', audited, and the person whose approval was asked is told when someone else decided.
 */
export async function decideByLink(
  db: Db,
  token: string,
  decision: ApprovalDecision,
  meta: Meta,
  now: Date = new Date(),
): Promise<DecisionOutcome> {
  return db.transaction(async (tx) => {
    const row = await linkByToken(tx, token, true);
    if (!row) return 'invalid';
    const state = await stateOf(tx, row, now);
    if (state !== 'pending') return state;
    const status: ApprovalStatus = decision === 'approve' ? 'approved' : 'rejected';
    const [decided] = await tx
      .update(approvalRequests)
      .set({ status, decidedBy: row.approverId, decidedAt: now, decidedVia: 'email' })
      .where(and(eq(approvalRequests.id, row.requestId), eq(approvalRequests.status, 'pending')))
      .returning({ id: approvalRequests.id, url: approvalRequests.url });
    if (!decided) return 'decided';
    await tx
      .update(approvalLinks)
      .set({ usedAt: now })
      .where(and(eq(approvalLinks.id, row.linkId), isNull(approvalLinks.usedAt)));
    await audit(tx, {
      orgId: row.orgId,
      actorUserId: row.approverId,
      action: 'approvals.decided',
      targetType: 'user',
      targetId: row.userId,
      data: { requestId: row.requestId, title: row.title, decision: status, via: 'email' },
      meta,
    });
    if (row.userId !== row.approverId) {
      const [asked] = await tx
        .select({ locale: users.locale, timeZone: users.timeZone })
        .from(users)
        .where(eq(users.id, row.userId));
      if (asked) {
        const { t } = mailIntl(asked);
        const by = (await nameOf(tx, row.approverId)) ?? '';
        await deliverNotification(tx, {
          orgId: row.orgId,
          userId: row.userId,
          event: 'approval.decided',
          title: t(status === 'approved' ? 'mail.approval.approvedTitle' : 'mail.approval.rejectedTitle', {
            title: row.title,
          }),
          body: t(status === 'approved' ? 'mail.approval.approvedBody' : 'mail.approval.rejectedBody', { name: by }),
          url: decided.url,
        });
      }
    }
    return status;
  });
}

export type ApprovalStatusView = {
  id: string;
  status: ApprovalStatus;
  /** Who approves it now; only while it waits. */
  approverId?: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  decidedVia: string | null;
};

/** A request of the organization and where it stands; null for another organization's id. */
export async function approvalStatus(
  db: Executor,
  orgId: string,
  id: string,
  now: Date = new Date(),
): Promise<ApprovalStatusView | null> {
  const [row] = await db
    .select({
      id: approvalRequests.id,
      userId: approvalRequests.userId,
      status: approvalRequests.status,
      decidedBy: approvalRequests.decidedBy,
      decidedAt: approvalRequests.decidedAt,
      decidedVia: approvalRequests.decidedVia,
    })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.orgId, orgId), eq(approvalRequests.id, id)));
  if (!row) return null;
  const view: ApprovalStatusView = {
    id: row.id,
    status: row.status,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    decidedVia: row.decidedVia,
  };
  if (row.status === 'pending') {
    const current = await approverFor(db, orgId, row.userId, now);
    if (current) view.approverId = current.approver.id;
  }
  return view;
}
