import 'server-only';

import { and, eq, isNull } from 'drizzle-orm';

import type { Executor } from '@/db';
import { apiTokens } from '@/db/schema';

/**
 * Ends every live token of a person at once, inside the caller's transaction: a deactivation or a
 * password reset must leave nothing that still opens the API. Returns how many were ended.
 */
export async function endTokensOf(tx: Executor, userId: string, now: Date = new Date()): Promise<number> {
  const ended = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return ended.length;
}
