import 'server-only';

import { and, eq, gt, sql } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { emailChanges, organizations, passwordResetTokens, users } from '@/db/schema';

import { audit } from '../audit/log';
import { normalizeEmail } from '../auth/email';
import { config } from '../config';
import type { RequestMeta } from '../http/request-meta';
import { DEFAULT_LOCALE, isLocale } from '../i18n/config';
import { translatorFor } from '../i18n/server';
import { enqueueMail } from '../mail/outbox';
import { isUniqueViolation } from '../profile/unique-violation';
import { hashToken, isTokenShaped, newSecretToken } from '../security/tokens';
import { findOrgUser, mayManage, type Admin } from './user-admin';

/**
 * An admin does not move an account to another address on their own word: the change waits until
 * someone opens the link mailed to the new address and confirms. Until then the user signs in
 * and gets mail at the old address, and an address nobody reads can never become a login.
 */

/** How long the link mailed to the new address works. */
export const EMAIL_CHANGE_DAYS = 7;
const EMAIL_CHANGE_MS = EMAIL_CHANGE_DAYS * 86_400_000;

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'>;
type User = typeof users.$inferSelect;

export const confirmEmailLink = (token: string) => `${config.appUrl}/confirm-email/${token}`;

const nameOf = (u: Pick<User, 'displayName' | 'firstName' | 'email'>) => u.displayName || u.firstName || u.email;
const translatorOf = (u: Pick<User, 'locale'>) => translatorFor(isLocale(u.locale) ? u.locale : DEFAULT_LOCALE);

async function addressTaken(db: Executor, email: string): Promise<boolean> {
  const [clash] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return Boolean(clash);
}

/** The person the admin acts on, when the admin may act on them; otherwise why not. */
async function managedTarget(tx: Executor, actor: Admin, userId: string) {
  const target = await findOrgUser(tx, actor.orgId, userId, true);
  if (!target) return 'not-found' as const;
  if (!(await mayManage(tx, actor, target))) return 'outranked' as const;
  return target;
}

/** A fresh link (any earlier one dies) mailed to the new address, valid for seven days from `now`. */
async function mailConfirmationLink(tx: Executor, actor: Admin, target: User, email: string, now: Date): Promise<void> {
  const token = newSecretToken();
  await tx.delete(emailChanges).where(eq(emailChanges.userId, target.id));
  await tx.insert(emailChanges).values({
    orgId: actor.orgId,
    userId: target.id,
    newEmail: email,
    tokenHash: hashToken(token),
    requestedByUserId: actor.id,
    expiresAt: new Date(now.getTime() + EMAIL_CHANGE_MS),
  });
  const t = translatorOf(target);
  await enqueueMail(tx, {
    orgId: actor.orgId,
    to: email,
    subject: t('orgUsers.email.mail.confirmSubject'),
    text: t('orgUsers.email.mail.confirm', {
      name: nameOf(target),
      org: actor.orgName,
      old: target.email,
      new: email,
      link: confirmEmailLink(token),
      days: EMAIL_CHANGE_DAYS,
    }),
  });
}

export type EmailChangeRequest = 'requested' | 'not-found' | 'outranked' | 'unchanged' | 'taken';

/** Replaces any earlier request for the same user; tells both addresses what is waiting. */
export async function requestEmailChange(
  db: Db,
  actor: Admin,
  userId: string,
  rawEmail: string,
  meta: Meta,
  now: Date = new Date(),
): Promise<EmailChangeRequest> {
  const email = normalizeEmail(rawEmail);
  return db.transaction(async (tx) => {
    const target = await managedTarget(tx, actor, userId);
    if (typeof target === 'string') return target;
    if (target.email === email) return 'unchanged';
    if (await addressTaken(tx, email)) return 'taken';
    await mailConfirmationLink(tx, actor, target, email, now);
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'user.email_change_requested',
      targetType: 'user',
      targetId: target.id,
      data: { from: target.email, to: email },
      meta,
    });
    const t = translatorOf(target);
    await enqueueMail(tx, {
      orgId: actor.orgId,
      to: target.email,
      subject: t('orgUsers.email.mail.requestedSubject'),
      text: t('orgUsers.email.mail.requested', {
        name: nameOf(target),
        org: actor.orgName,
        old: target.email,
        new: email,
      }),
    });
    return 'requested';
  });
}

/** What became of the waiting change: done (with its new address), or why nothing happened. */
export type PendingEmailChangeAction =
  { done: true; email: string } | { done: false; reason: 'none' | 'not-found' | 'outranked' };

/** The user's waiting request, locked; none when there is none or it has expired. */
async function lockPending(tx: Executor, orgId: string, userId: string, now: Date) {
  const [row] = await tx
    .select({ id: emailChanges.id, newEmail: emailChanges.newEmail })
    .from(emailChanges)
    .where(and(eq(emailChanges.orgId, orgId), eq(emailChanges.userId, userId), gt(emailChanges.expiresAt, now)))
    .for('update');
  return row ?? null;
}

type PendingRow = NonNullable<Awaited<ReturnType<typeof lockPending>>>;

/**
 * One transaction around `act` on the user's waiting change, when the admin may manage the user
 * and a change is waiting; `act` does the work, then the audit row `action` names the address.
 */
function onPendingChange(
  db: Db,
  actor: Admin,
  userId: string,
  meta: Meta,
  now: Date,
  action: 'user.email_change_resent' | 'user.email_change_cancelled',
  act: (tx: Executor, target: User, pending: PendingRow) => Promise<void>,
): Promise<PendingEmailChangeAction> {
  return db.transaction(async (tx): Promise<PendingEmailChangeAction> => {
    const target = await managedTarget(tx, actor, userId);
    if (typeof target === 'string') return { done: false, reason: target };
    const pending = await lockPending(tx, actor.orgId, target.id, now);
    if (!pending) return { done: false, reason: 'none' };
    await act(tx, target, pending);
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action,
      targetType: 'user',
      targetId: target.id,
      data: { to: pending.newEmail },
      meta,
    });
    return { done: true, email: pending.newEmail };
  });
}

/** Mails the waiting request's new address a fresh link (the earlier one stops working), for seven more days. */
export function resendEmailChange(
  db: Db,
  actor: Admin,
  userId: string,
  meta: Meta,
  now: Date = new Date(),
): Promise<PendingEmailChangeAction> {
  return onPendingChange(db, actor, userId, meta, now, 'user.email_change_resent', (tx, target, pending) =>
    mailConfirmationLink(tx, actor, target, pending.newEmail, now),
  );
}

/** Withdraws the waiting request: its link stops working, and the current address is told. */
export function cancelEmailChange(
  db: Db,
  actor: Admin,
  userId: string,
  meta: Meta,
  now: Date = new Date(),
): Promise<PendingEmailChangeAction> {
  return onPendingChange(db, actor, userId, meta, now, 'user.email_change_cancelled', async (tx, target, pending) => {
    await tx.delete(emailChanges).where(eq(emailChanges.id, pending.id));
    const t = translatorOf(target);
    await enqueueMail(tx, {
      orgId: actor.orgId,
      to: target.email,
      subject: t('orgUsers.email.mail.cancelledSubject'),
      text: t('orgUsers.email.mail.cancelled', {
        name: nameOf(target),
        org: actor.orgName,
        old: target.email,
        new: pending.newEmail,
      }),
    });
  });
}

export type PendingEmailChange = { newEmail: string; expiresAt: Date };

/** The request waiting for a user, if one has not expired; for the admin's view of the person. */
export async function findPendingEmailChange(
  db: Executor,
  orgId: string,
  userId: string,
  now: Date = new Date(),
): Promise<PendingEmailChange | null> {
  const [row] = await db
    .select({ newEmail: emailChanges.newEmail, expiresAt: emailChanges.expiresAt })
    .from(emailChanges)
    .where(and(eq(emailChanges.orgId, orgId), eq(emailChanges.userId, userId), gt(emailChanges.expiresAt, now)))
    .limit(1);
  return row ?? null;
}

type ValidChange = { id: string; newEmail: string; user: User; orgName: string };

/** The change this link confirms: unexpired, for an active account whose address is still the one it was asked from. */
export async function findEmailChangeByToken(
  db: Executor,
  token: string,
  forUpdate = false,
  now: Date = new Date(),
): Promise<ValidChange | null> {
  if (!isTokenShaped(token)) return null;
  const query = db
    .select({
      id: emailChanges.id,
      newEmail: emailChanges.newEmail,
      expiresAt: emailChanges.expiresAt,
      user: users,
      orgName: organizations.name,
    })
    .from(emailChanges)
    .innerJoin(users, and(eq(users.id, emailChanges.userId), eq(users.orgId, emailChanges.orgId)))
    .innerJoin(organizations, eq(organizations.id, emailChanges.orgId))
    .where(eq(emailChanges.tokenHash, hashToken(token)))
    .limit(1);
  const [row] = forUpdate ? await query.for('update', { of: emailChanges }) : await query;
  if (!row || row.expiresAt.getTime() <= now.getTime() || row.user.status !== 'active') return null;
  return { id: row.id, newEmail: row.newEmail, user: row.user, orgName: row.orgName };
}

export type EmailChangeConfirmation = 'changed' | 'invalid' | 'taken';

/** Applies the change once: the link is used up, earlier reset links die, the old address is told. */
export async function confirmEmailChange(
  db: Db,
  token: string,
  meta: Meta,
  now: Date = new Date(),
): Promise<EmailChangeConfirmation> {
  try {
    return await db.transaction(async (tx) => {
      const change = await findEmailChangeByToken(tx, token, true, now);
      if (!change) return 'invalid';
      const { user } = change;
      if (await addressTaken(tx, change.newEmail)) return 'taken';
      await tx.delete(emailChanges).where(eq(emailChanges.id, change.id));
      await tx
        .update(users)
        .set({ email: change.newEmail, updatedAt: now, version: sql`${users.version} + 1` })
        .where(eq(users.id, user.id));
      // A reset link already mailed to the old address must not outlive the change.
      await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
      await audit(tx, {
        orgId: user.orgId,
        actorUserId: user.id,
        action: 'user.email_changed',
        targetType: 'user',
        targetId: user.id,
        data: { from: user.email, to: change.newEmail },
        meta,
      });
      const t = translatorOf(user);
      const words = {
        name: nameOf(user),
        org: change.orgName,
        old: user.email,
        new: change.newEmail,
        url: `${config.appUrl}/sign-in`,
      };
      await enqueueMail(tx, {
        orgId: user.orgId,
        to: user.email,
        subject: t('orgUsers.email.mail.subject'),
        text: t('orgUsers.email.mail.toOld', words),
      });
      return 'changed';
    });
  } catch (error) {
    // Someone else took the address between the check and the write.
    if (isUniqueViolation(error, 'users_email_key')) return 'taken';
    throw error;
  }
}
