import 'server-only';

import { eq } from 'drizzle-orm';

import type { Executor } from '@/db';
import { passkeys } from '@/db/schema';

/** Deactivation ends a person's passkeys, as it ends their sessions and tokens. */
export async function endPasskeysOf(tx: Executor, userId: string): Promise<number> {
  const removed = await tx.delete(passkeys).where(eq(passkeys.userId, userId)).returning({ id: passkeys.id });
  return removed.length;
}
