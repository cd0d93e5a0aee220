import 'server-only';

import { and, asc, eq, ne, sql } from 'drizzle-orm';

import type { Executor } from '@/db';
import { users } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { withoutForbiddenCharacters } from '../actions/text-rules';
import { audit } from '../audit/log';
import { escapeLike, userSearchText } from '../org/users-query';
import type { AccountUser, AuditMeta } from '../profile/account-user';
import { wouldCycle } from './approver';
import { MAX_SEARCH, type ClearDelegateInput, type SetDelegateInput } from './schemas';

type Actor = Pick<AccountUser, 'id' | 'orgId'>;

export type Colleague = { id: string; firstName: string; lastName: string; displayName: string | null; email: string };

const colleagueColumns = {
  id: users.id,
  firstName: users.firstName,
  lastName: users.lastName,
  displayName: users.displayName,
  email: users.email,
};

/** How a colleague is named in lists: display name, else first and last name, else the address. */
export function colleagueName(c: Pick<Colleague, 'firstName' | 'lastName' | 'displayName' | 'email'>): string {
  return c.displayName?.trim() || `${c.firstName} ${c.lastName}`.trim() || c.email;
}

export const COLLEAGUE_LIMIT = 10;

/**
 * Active people of the actor's organization, other than the actor, whose name, email or username
 * contains `q`; at most `limit`, by name. An empty search finds nobody.
 */
export async function searchColleagues(
  db: Executor,
  actor: Actor,
  q: string,
  limit = COLLEAGUE_LIMIT,
): Promise<Colleague[]> {
  const query = withoutForbiddenCharacters(q).trim().slice(0, MAX_SEARCH);
  if (!query) return [];
  return db
    .select(colleagueColumns)
    .from(users)
    .where(
      and(
        eq(users.orgId, actor.orgId),
        eq(users.status, 'active'),
        ne(users.id, actor.id),
        sql`${userSearchText} like ${`%${escapeLike(query.toLowerCase())}%`}`,
      ),
    )
    .orderBy(sql`lower(${users.lastName})`, sql`lower(${users.firstName})`, asc(users.email))
    .limit(limit);
}

/** The actor's delegate as stored, if it still names a person of the same organization. */
export async function getDelegate(
  db: Executor,
  actor: Actor & Pick<AccountUser, 'delegateUserId'>,
): Promise<(Colleague & { active: boolean }) | null> {
  if (!actor.delegateUserId) return null;
  const [row] = await db
    .select({ ...colleagueColumns, status: users.status })
    .from(users)
    .where(and(eq(users.id, actor.delegateUserId), eq(users.orgId, actor.orgId)))
    .limit(1);
  if (!row) return null;
  const { status, ...colleague } = row;
  return { ...colleague, active: status === 'active' };
}

export type SetDelegateError = 'self' | 'notFound' | 'inactive' | 'cycle';
export type SetDelegateResult =
  { ok: true; delegate: Colleague; changed: boolean } | { ok: false; error: SetDelegateError };

/**
 * Makes a colleague the actor's delegate: not the actor, a person of the same organization whose
 * account is active, and not someone whose own chain of delegates leads back to the actor.
 * Changes to delegates within an organization take turns (a transaction-scoped lock), so two
 * people choosing each other at the same moment cannot make a cycle.
 */
export async function setDelegate(
  db: Executor,
  actor: Actor,
  input: SetDelegateInput,
  meta: AuditMeta,
): Promise<SetDelegateResult> {
  if (input.delegateUserId === actor.id) return { ok: false, error: 'self' };
  if (!isUuid(input.delegateUserId)) return { ok: false, error: 'notFound' };
  return db.transaction(async (tx): Promise<SetDelegateResult> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`delegates:${actor.orgId}`}, 0))`);
    const [row] = await tx
      .select({ ...colleagueColumns, status: users.status })
      .from(users)
      .where(and(eq(users.id, input.delegateUserId), eq(users.orgId, actor.orgId)))
      .limit(1);
    if (!row) return { ok: false, error: 'notFound' };
    if (row.status !== 'active') return { ok: false, error: 'inactive' };
    if (await wouldCycle(tx, actor.orgId, actor.id, row.id)) return { ok: false, error: 'cycle' };
    const delegate: Colleague = {
      id: row.id,
      firstName: row.firstName,
      lastName: row.lastName,
      displayName: row.displayName,
      email: row.email,
    };
    const [me] = await tx
      .select({ delegateUserId: users.delegateUserId })
      .from(users)
      .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)))
      .for('update');
    if (me?.delegateUserId === delegate.id) return { ok: true, delegate, changed: false };
    await tx
      .update(users)
      .set({ delegateUserId: delegate.id, updatedAt: new Date() })
      .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'approvals.delegate_set',
      targetType: 'user',
      targetId: actor.id,
      data: { delegateUserId: delegate.id, previousDelegateUserId: me?.delegateUserId ?? null },
      meta,
    });
    return { ok: true, delegate, changed: true };
  });
}

/** Removes the actor's delegate; without one there is nothing to write. */
export async function clearDelegate(
  db: Executor,
  actor: Actor,
  _input: ClearDelegateInput,
  meta: AuditMeta,
): Promise<{ ok: true; changed: boolean }> {
  return db.transaction(async (tx) => {
    const [me] = await tx
      .select({ delegateUserId: users.delegateUserId })
      .from(users)
      .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)))
      .for('update');
    if (!me?.delegateUserId) return { ok: true as const, changed: false };
    await tx
      .update(users)
      .set({ delegateUserId: null, updatedAt: new Date() })
      .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'approvals.delegate_removed',
      targetType: 'user',
      targetId: actor.id,
      data: { previousDelegateUserId: me.delegateUserId },
      meta,
    });
    return { ok: true as const, changed: true };
  });
}
