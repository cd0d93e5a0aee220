import { and, eq } from 'drizzle-orm';

import type { Executor } from '@/db';
import { users } from '@/db/schema';
import { isAwayAt } from '@/lib/availability/assignable';

/** The public face of the person who approves: enough to name and reach them, nothing more. */
export type ApproverPerson = {
  id: string;
  firstName: string;
  lastName: string;
  displayName: string | null;
  email: string;
};

export type Approver = {
  approver: ApproverPerson;
  /**
   * Ids of the people passed over because they were away, in chain order (starting with the user);
   * empty when the user approves for themselves.
   */
  via: string[];
};

/** A delegate chain longer than this is cut short; in practice chains are one or two people long. */
export const MAX_DELEGATE_CHAIN = 20;

const columns = {
  id: users.id,
  orgId: users.orgId,
  status: users.status,
  firstName: users.firstName,
  lastName: users.lastName,
  displayName: users.displayName,
  email: users.email,
  awayFrom: users.awayFrom,
  awayUntil: users.awayUntil,
  delegateUserId: users.delegateUserId,
};

type Row = {
  id: string;
  orgId: string;
  status: string;
  firstName: string;
  lastName: string;
  displayName: string | null;
  email: string;
  awayFrom: Date | null;
  awayUntil: Date | null;
  delegateUserId: string | null;
};

function person(row: Row): ApproverPerson {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    displayName: row.displayName,
    email: row.email,
  };
}

async function findInOrg(db: Executor, orgId: string, userId: string): Promise<Row | null> {
  const [row] = await db
    .select(columns)
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    .limit(1);
  return row ?? null;
}

/**
 * Who approves for `userId` at `now`.
 *
 * - The user approves for themselves unless they are inside their away period at `now`
 *   (`isAwayAt`, the same rule that takes them out of automated assignment) or their account is
 *   not active (deactivated, or an invitation not yet accepted): then they count as away.
 * - While away, their delegate approves: a user of the same organization whose account is active.
 *   The chain is followed (delegate's delegate, …) to the first person who is not away.
 * - A delegate who is deactivated (or invited), in another organization, or already visited
 *   (a cycle) ends the chain, as does the length cap `MAX_DELEGATE_CHAIN`.
 * - When the chain ends without anyone present, the user themselves remains the approver
 *   (nobody else has been chosen to act for them) and `via` is empty. This is the only case in
 *   which the answer can be someone away or not active: the user, never a delegate.
 *
 * Returns null when the user does not belong to the organization.
 */
export async function approverFor(
  db: Executor,
  orgId: string,
  userId: string,
  now: Date = new Date(),
): Promise<Approver | null> {
  const user = await findInOrg(db, orgId, userId);
  if (!user) return null;

  if (user.status === 'active' && !isAwayAt(user, now)) return { approver: person(user), via: [] };

  const via: string[] = [user.id];
  const visited = new Set<string>([user.id]);
  let current = user;
  while (current.delegateUserId && !visited.has(current.delegateUserId) && visited.size < MAX_DELEGATE_CHAIN) {
    visited.add(current.delegateUserId);
    const next = await findInOrg(db, orgId, current.delegateUserId);
    if (!next || next.status !== 'active') break;
    if (!isAwayAt(next, now)) return { approver: person(next), via };
    via.push(next.id);
    current = next;
  }
  // Everyone reachable is away: the user keeps their own approvals, and nobody was passed over.
  return { approver: person(user), via: [] };
}

/**
 * Whether making `delegateId` the delegate of `userId` would lead back to `userId`: follows the
 * delegate's own chain (same organization) and answers true when it reaches the user.
 */
export async function wouldCycle(db: Executor, orgId: string, userId: string, delegateId: string): Promise<boolean> {
  if (delegateId === userId) return true;
  const visited = new Set<string>([delegateId]);
  let nextId: string | null = delegateId;
  while (nextId && visited.size <= MAX_DELEGATE_CHAIN) {
    const row = await findInOrg(db, orgId, nextId);
    if (!row || !row.delegateUserId) return false;
    if (row.delegateUserId === userId) return true;
    if (visited.has(row.delegateUserId)) return false;
    visited.add(row.delegateUserId);
    nextId = row.delegateUserId;
  }
  return false;
}
