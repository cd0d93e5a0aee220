import 'server-only';

import { and, eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';

import type { Executor } from '@/db';
import { groups } from '@/db/schema';
import { isUuid, type Group } from '@/lib/org/groups';

/**
 * The organization's group, locked for the rest of the transaction; an unknown, malformed or
 * other organization's id is the same 404. `share` lets member changes run side by side while
 * an edit or a delete (`update`) waits for them.
 */
export async function lockGroup(
  tx: Executor,
  orgId: string,
  id: string,
  strength: 'update' | 'share' = 'update',
): Promise<Group> {
  if (!isUuid(id)) notFound();
  const [group] = await tx
    .select()
    .from(groups)
    .where(and(eq(groups.id, id), eq(groups.orgId, orgId)))
    .for(strength);
  if (!group) notFound();
  return group;
}
