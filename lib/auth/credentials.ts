import 'server-only';

import { eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { users } from '@/db/schema';

import { normalizeEmail } from './email';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password-hash';

export type VerifiedUser = typeof users.$inferSelect;

/**
 * The user whose email and password match, or null. An unknown email, an invited or a
 * deactivated account all cost one full hash, so timing tells nothing.
 */
export async function verifyCredentials(
  db: Db,
  email: string,
  password: string,
): Promise<{ user: VerifiedUser | null; known: VerifiedUser | null }> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  const stored = user?.passwordHash ?? (await dummyHash());
  const ok = await verifyPassword(stored, password);
  if (!user || !user.passwordHash || !ok || user.status !== 'active') return { user: null, known: user ?? null };
  if (needsRehash(user.passwordHash)) {
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(password) })
      .where(eq(users.id, user.id));
  }
  return { user, known: user };
}
