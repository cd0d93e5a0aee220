import 'server-only';

import { and, asc, eq, sql } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { passkeys, users } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import { confirmPassword, type PasswordConfirmation } from '../security/reauth';
import { queueSecurityMail } from '../security/security-mail';

export type PasskeySummary = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; backedUp: boolean };

type User = typeof users.$inferSelect;
type Actor = { user: User; session: { id: string; reauthAt: Date | null } };

export async function listPasskeys(db: Executor, userId: string): Promise<PasskeySummary[]> {
  return db
    .select({
      id: passkeys.id,
      name: passkeys.name,
      createdAt: passkeys.createdAt,
      lastUsedAt: passkeys.lastUsedAt,
      backedUp: passkeys.backedUp,
    })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt));
}

export async function countPasskeys(db: Executor, userId: string): Promise<number> {
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(passkeys)
    .where(eq(passkeys.userId, userId));
  return count;
}

/** The user's own passkey: an id from the form that is someone else's is simply not found. */
const ownPasskey = (userId: string, id: string) => and(eq(passkeys.id, id), eq(passkeys.userId, userId));

export async function renamePasskey(
  db: Db,
  user: User,
  input: { id: string; name: string },
  meta: RequestMeta,
): Promise<{ ok: true; name: string } | { ok: false }> {
  if (!isUuid(input.id)) return { ok: false };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: passkeys.name })
      .from(passkeys)
      .where(ownPasskey(user.id, input.id))
      .for('update');
    if (!before) return { ok: false };
    await tx.update(passkeys).set({ name: input.name }).where(ownPasskey(user.id, input.id));
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'passkey.renamed',
      targetType: 'user',
      targetId: user.id,
      data: { from: before.name, to: input.name },
      meta,
    });
    return { ok: true, name: input.name };
  });
}

export type RemovePasskeyResult = { ok: true; name: string } | { ok: false; error: 'notFound' } | PasswordConfirmation;

/** Removing a passkey needs the password, or a sign-in confirmed in the last ten minutes. */
export async function removePasskey(
  db: Db,
  actor: Actor,
  input: { id: string; password?: string },
  meta: RequestMeta,
): Promise<RemovePasskeyResult> {
  if (!isUuid(input.id)) return { ok: false, error: 'notFound' };
  const { user } = actor;
  const [found] = await db.select({ id: passkeys.id }).from(passkeys).where(ownPasskey(user.id, input.id));
  if (!found) return { ok: false, error: 'notFound' };
  const confirmed = await confirmPassword(db, actor, input.password);
  if (!confirmed.ok) return confirmed;
  return db.transaction(async (tx) => {
    const [removed] = await tx.delete(passkeys).where(ownPasskey(user.id, input.id)).returning({ name: passkeys.name });
    if (!removed) return { ok: false, error: 'notFound' } as const;
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'passkey.removed',
      targetType: 'user',
      targetId: user.id,
      data: { name: removed.name },
      meta,
    });
    await queueSecurityMail(tx, 'passkey.removed', user, meta, { name: removed.name });
    return { ok: true, name: removed.name } as const;
  });
}

/**
 * An admin removes every passkey of a person of their organization (a lost laptop): audited as
 * the admin's act, and the person is told.
 */
export async function removeAllPasskeys(
  db: Db,
  admin: { id: string; orgId: string },
  target: User,
  meta: RequestMeta,
): Promise<number> {
  if (target.orgId !== admin.orgId) return 0;
  return db.transaction(async (tx) => {
    const removed = await tx.delete(passkeys).where(eq(passkeys.userId, target.id)).returning({ name: passkeys.name });
    for (const passkey of removed) {
      await audit(tx, {
        orgId: admin.orgId,
        actorUserId: admin.id,
        action: 'passkey.removed',
        targetType: 'user',
        targetId: target.id,
        data: { name: passkey.name, byAdmin: true },
        meta,
      });
      await queueSecurityMail(tx, 'passkey.removed', target, meta, { name: passkey.name });
    }
    return removed.length;
  });
}
