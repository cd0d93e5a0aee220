import 'server-only';

import { eq } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { userPgpKeys, type users } from '@/db/schema';

import { audit } from '../audit/log';
import type { AuditMeta } from '../profile/account-user';
import { queueSecurityMail } from '../security/security-mail';
import { checkPublicKey, type KeyProblem } from './check';

type Owner = Pick<typeof users.$inferSelect, 'id' | 'orgId' | 'email' | 'firstName' | 'locale' | 'timeZone'>;

export type UserKey = typeof userPgpKeys.$inferSelect;

/** The signed-in user's own key, or null. */
export async function findUserKey(db: Executor, userId: string): Promise<UserKey | null> {
  const [row] = await db.select().from(userPgpKeys).where(eq(userPgpKeys.userId, userId));
  return row ?? null;
}

export type SaveKeyResult = { ok: true; key: UserKey; replaced: boolean } | ({ ok: false } & KeyProblem);

/**
 * Sets (or replaces: one key per person) the owner's OpenPGP public key once it passes every
 * check of `checkPublicKey`; the key, its audit entry and the security notice are written in one
 * transaction. A refused key, a private key above all, is never written anywhere.
 */
export async function saveUserKey(
  db: Db,
  owner: Owner,
  input: string | Uint8Array,
  meta: AuditMeta,
  now = new Date(),
): Promise<SaveKeyResult> {
  const checked = await checkPublicKey(input, owner.email, now);
  if (!checked.ok) return checked;
  const { armored, fingerprint, algorithm, userIds, emails, keyCreatedAt, expiresAt } = checked;
  const key = { armored, fingerprint, algorithm, userIds, emails, keyCreatedAt, expiresAt };
  const row = { ...key, userId: owner.id, orgId: owner.orgId, createdAt: now };
  return db.transaction(async (tx) => {
    const previous = await findUserKey(tx, owner.id);
    const [saved] = await tx
      .insert(userPgpKeys)
      .values(row)
      .onConflictDoUpdate({ target: userPgpKeys.userId, set: row })
      .returning();
    await audit(tx, {
      orgId: owner.orgId,
      actorUserId: owner.id,
      action: 'keys.key_added',
      targetType: 'user',
      targetId: owner.id,
      data: { fingerprint: key.fingerprint, ...(previous ? { replaced: previous.fingerprint } : {}) },
      meta,
    });
    await queueSecurityMail(tx, 'keys.key_added', owner, meta, { fingerprint: key.fingerprint });
    return { ok: true as const, key: saved, replaced: Boolean(previous) };
  });
}

/** Removes the owner's key (mail goes out unencrypted again); false when there was none. */
export async function removeUserKey(db: Db, owner: Owner, meta: AuditMeta): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(userPgpKeys)
      .where(eq(userPgpKeys.userId, owner.id))
      .returning({ fingerprint: userPgpKeys.fingerprint });
    if (!removed) return false;
    await audit(tx, {
      orgId: owner.orgId,
      actorUserId: owner.id,
      action: 'keys.key_removed',
      targetType: 'user',
      targetId: owner.id,
      data: { fingerprint: removed.fingerprint },
      meta,
    });
    // After the delete: this notice itself goes out unencrypted, readable without the old key.
    await queueSecurityMail(tx, 'keys.key_removed', owner, meta, { fingerprint: removed.fingerprint });
    return true;
  });
}
