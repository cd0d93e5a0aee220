import 'server-only';

import { and, desc, eq } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { linkedAccounts, organizations, users } from '@/db/schema';

import { audit } from '../audit/log';
import { createSession } from '../auth/session-store';
import type { RequestMeta } from '../http/request-meta';
import { queueSecurityMail } from '../security/security-mail';

export type LinkedAccount = typeof linkedAccounts.$inferSelect;
type User = typeof users.$inferSelect;

/** The external account an OpenID provider vouched for: its issuer and `sub`, and the address it gave. */
export type ExternalIdentity = { issuer: string; subject: string; email: string | null };

export async function findLinkedAccount(db: Executor, userId: string): Promise<LinkedAccount | null> {
  const [row] = await db.select().from(linkedAccounts).where(eq(linkedAccounts.userId, userId)).limit(1);
  return row ?? null;
}

/** How the account is named to its owner: the address the provider gave, else its subject. */
export const accountLabel = (account: Pick<LinkedAccount, 'email' | 'subject'>) => account.email || account.subject;

export type LinkOutcome = 'linked' | 'already' | 'taken';

/**
 * Links the external account to the user: one external account per user, and each external
 * account to one user of the organization (the product guides' rule). Audited, and the user is
 * told by the security notice that cannot be turned off.
 */
export async function linkExternalAccount(
  db: Db,
  input: { user: User; identity: ExternalIdentity; providerName: string; meta: RequestMeta },
): Promise<LinkOutcome> {
  const { user, identity } = input;
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ userId: linkedAccounts.userId })
      .from(linkedAccounts)
      .where(
        and(
          eq(linkedAccounts.orgId, user.orgId),
          eq(linkedAccounts.issuer, identity.issuer),
          eq(linkedAccounts.subject, identity.subject),
        ),
      )
      .limit(1);
    if (taken) return taken.userId === user.id ? 'already' : 'taken';
    const inserted = await tx
      .insert(linkedAccounts)
      .values({
        userId: user.id,
        orgId: user.orgId,
        issuer: identity.issuer,
        subject: identity.subject,
        email: identity.email,
      })
      .onConflictDoNothing()
      .returning({ userId: linkedAccounts.userId });
    // A concurrent link of the same user or the same external account won the race.
    if (inserted.length === 0) return (await findLinkedAccount(tx, user.id)) ? 'already' : 'taken';
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'connections.account_linked',
      targetType: 'user',
      targetId: user.id,
      data: { provider: input.providerName, issuer: identity.issuer, account: identity.email ?? identity.subject },
      meta: input.meta,
    });
    await queueSecurityMail(tx, 'connections.account_linked', user, input.meta, {
      provider: input.providerName,
      account: identity.email ?? identity.subject,
    });
    return 'linked';
  });
}

export type UnlinkOutcome = 'unlinked' | 'none' | 'noPassword';

/** Refused while the user has no password: without the external account they could not sign in. */
export async function unlinkExternalAccount(
  db: Db,
  input: { user: User; providerName: string; meta: RequestMeta },
): Promise<UnlinkOutcome> {
  const { user } = input;
  return db.transaction(async (tx) => {
    const [fresh] = await tx
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, user.id))
      .for('update');
    if (!fresh?.passwordHash) return 'noPassword';
    const removed = await tx
      .delete(linkedAccounts)
      .where(eq(linkedAccounts.userId, user.id))
      .returning({ issuer: linkedAccounts.issuer, email: linkedAccounts.email, subject: linkedAccounts.subject });
    if (removed.length === 0) return 'none';
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'connections.account_unlinked',
      targetType: 'user',
      targetId: user.id,
      data: { provider: input.providerName, issuer: removed[0].issuer, account: accountLabel(removed[0]) },
      meta: input.meta,
    });
    await queueSecurityMail(tx, 'connections.account_unlinked', user, input.meta, { provider: input.providerName });
    return 'unlinked';
  });
}

/**
 * Signs in the active user the external account is linked to: a new session row, pending
 * two-factor when the user has it on (the organization's requirement is enforced on the next
 * page, as after a password). Null when no active user has this account linked.
 */
export async function startExternalSession(
  db: Db,
  input: { identity: ExternalIdentity; meta: RequestMeta },
): Promise<{ userId: string; sessionId: string; mfaPending: boolean } | null> {
  const { identity, meta } = input;
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ user: users, absoluteHours: organizations.sessionAbsoluteHours })
      .from(linkedAccounts)
      .innerJoin(users, eq(users.id, linkedAccounts.userId))
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(
        and(
          eq(linkedAccounts.issuer, identity.issuer),
          eq(linkedAccounts.subject, identity.subject),
          eq(users.status, 'active'),
        ),
      )
      // Linked in several organizations: the one used last (a sign-in picks one account).
      .orderBy(desc(linkedAccounts.lastUsedAt), desc(linkedAccounts.createdAt))
      .limit(1);
    if (!found) return null;
    const { user } = found;
    const mfaPending = user.mfaEnabled;
    const sessionId = await createSession(tx, {
      userId: user.id,
      orgId: user.orgId,
      absoluteHours: found.absoluteHours,
      mfaPending,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    await tx.update(linkedAccounts).set({ lastUsedAt: new Date() }).where(eq(linkedAccounts.userId, user.id));
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'auth.external_sign_in',
      targetType: 'user',
      targetId: user.id,
      data: { issuer: identity.issuer, twoFactorPending: mfaPending },
      meta,
    });
    return { userId: user.id, sessionId, mfaPending };
  });
}
