import 'server-only';

import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';

import type { Db } from '@/db';
import { userPgpKeys, users } from '@/db/schema';

import { normalizeEmail } from '../auth/email';

/**
 * The armored OpenPGP public key that mail to `address` is encrypted to, or null when the
 * address has none (or it has expired): the key of the person whose email it is, whichever
 * organization they belong to (an invitation to them from another one is encrypted too).
 */
export async function recipientKey(db: Db, address: string, now = new Date()): Promise<string | null> {
  const [row] = await db
    .select({ armored: userPgpKeys.armored })
    .from(userPgpKeys)
    .innerJoin(users, eq(users.id, userPgpKeys.userId))
    .where(
      and(eq(users.email, normalizeEmail(address)), or(isNull(userPgpKeys.expiresAt), gt(userPgpKeys.expiresAt, now))),
    )
    .orderBy(desc(userPgpKeys.createdAt))
    .limit(1);
  return row?.armored ?? null;
}
