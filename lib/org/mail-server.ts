import 'server-only';

import { eq } from 'drizzle-orm';

import type { Executor } from '@/db';
import { orgMailServers } from '@/db/schema';

/** Whether the organization has connected its business email: "Approve by email" is offered only then. */
export async function hasBusinessEmail(db: Executor, orgId: string): Promise<boolean> {
  const [row] = await db
    .select({ orgId: orgMailServers.orgId })
    .from(orgMailServers)
    .where(eq(orgMailServers.orgId, orgId));
  return Boolean(row);
}
