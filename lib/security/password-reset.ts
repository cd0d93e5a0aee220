import 'server-only';

import { and, desc, eq, isNull } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { organizations, passwordResetTokens, sessions, users } from '@/db/schema';

import { audit } from '../audit/log';
import { normalizeEmail } from '../auth/email';
import { hashPassword } from '../auth/password-hash';
import { config } from '../config';
import type { RequestMeta } from '../http/request-meta';
import { enqueueMail } from '../mail/outbox';
import { greetingName, mailIntl } from '../mail/recipient';
import { endTokensOf } from '../tokens/end';
import { queueSecurityMail } from './security-mail';
import { hashToken, isTokenShaped, newSecretToken } from './tokens';

export const RESET_MINUTES = 30;

/**
 * Queues a reset link for an active account with this email; does nothing visible otherwise.
 * A newer token voids the older ones (they are deleted).
 */
export async function requestPasswordReset(db: Db, email: string, meta: RequestMeta): Promise<boolean> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  if (!user || user.status !== 'active' || !user.passwordHash) return false;
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + RESET_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    await tx.insert(passwordResetTokens).values({
      orgId: user.orgId,
      userId: user.id,
      tokenHash: hashToken(token),
      expiresAt,
    });
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'password.reset_requested',
      targetType: 'user',
      targetId: user.id,
      meta,
    });
    const { t, time } = mailIntl(user);
    await enqueueMail(tx, {
      orgId: user.orgId,
      to: user.email,
      subject: t('mail.resetLink.subject'),
      plainOnly: true,
      text: [
        t('mail.greeting', { name: greetingName(user) }),
        t('mail.resetLink.body', {
          link: `${config.appUrl}/reset-password/${token}`,
          minutes: RESET_MINUTES,
          time: time(expiresAt),
        }),
      ].join('\n\n'),
    });
  });
  return true;
}

type ValidToken = { tokenId: string; user: typeof users.$inferSelect; orgName: string };

/** The token's user when the token is unused, unexpired, the newest, and newer than the last password change. */
export async function findValidResetToken(db: Executor, token: string, forUpdate = false): Promise<ValidToken | null> {
  if (!isTokenShaped(token)) return null;
  const query = db
    .select({ token: passwordResetTokens, user: users, orgName: organizations.name })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(passwordResetTokens.tokenHash, hashToken(token)), isNull(passwordResetTokens.usedAt)))
    .limit(1);
  const [row] = forUpdate ? await query.for('update', { of: passwordResetTokens }) : await query;
  if (!row) return null;
  if (row.token.expiresAt.getTime() <= Date.now()) return null;
  if (row.user.status !== 'active') return null;
  if (row.user.passwordChangedAt && row.user.passwordChangedAt.getTime() > row.token.createdAt.getTime()) return null;
  const [newest] = await db
    .select({ id: passwordResetTokens.id })
    .from(passwordResetTokens)
    .where(eq(passwordResetTokens.userId, row.user.id))
    .orderBy(desc(passwordResetTokens.createdAt))
    .limit(1);
  if (newest?.id !== row.token.id) return null;
  return { tokenId: row.token.id, user: row.user, orgName: row.orgName };
}

/**
 * Stores a new password hash and does what every password change must: voids reset links,
 * ends sessions (all, or all but one), audits and sends the mandatory mail.
 */
export async function applyNewPassword(
  tx: Executor,
  user: typeof users.$inferSelect,
  passwordHash: string,
  input: { kind: 'password.changed' | 'password.reset'; keepSessionId?: string; meta: RequestMeta },
): Promise<void> {
  await tx
    .update(users)
    .set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() })
    .where(eq(users.id, user.id));
  await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
  const ended = await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.id });
  // A reset means the password may have been known to someone else: nothing made with it stays open.
  const tokensEnded = input.kind === 'password.reset' ? await endTokensOf(tx, user.id) : 0;
  await audit(tx, {
    orgId: user.orgId,
    actorUserId: user.id,
    action: input.kind,
    targetType: 'user',
    targetId: user.id,
    data: {
      sessionsEnded: ended.filter((s) => s.id !== input.keepSessionId).length,
      ...(input.kind === 'password.reset' ? { tokensEnded } : {}),
    },
    meta: input.meta,
  });
  await queueSecurityMail(tx, input.kind, user, input.meta);
}

export async function resetPassword(db: Db, token: string, password: string, meta: RequestMeta): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const valid = await findValidResetToken(tx, token, true);
    if (!valid) return false;
    await applyNewPassword(tx, valid.user, passwordHash, { kind: 'password.reset', meta });
    return true;
  });
}
