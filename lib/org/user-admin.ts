import 'server-only';

import { and, asc, eq, sql } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { passwordResetTokens, users, type ManagedRole } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { audit } from '../audit/log';
import { loadPermissionSet, notHeld } from '../auth/authorize';
import { deleteUserSessions } from '../auth/session-store';
import type { RequestMeta } from '../http/request-meta';
import { endPasskeysOf } from '../passkeys/end';
import { endTokensOf } from '../tokens/end';
import type { OrgActor } from './actor';
import type { ChangeRoleInput, UserIdInput } from './user-schemas';

type User = typeof users.$inferSelect;

/** Who is acting: the signed-in user and their organization, both from the session. */
export type Admin = OrgActor;
type Meta = Pick<RequestMeta, 'ip' | 'userAgent'>;

const RANK: Record<ManagedRole, number> = { member: 1, admin: 2, owner: 3 };

/**
 * Whether the actor may touch this person at all. Someone holding users.manage through a custom
 * role must not be able to take over a stronger account (change its email, then reset its
 * password): the actor's managed role has to reach the target's, and the actor has to hold every
 * permission the target holds, through any role or group.
 */
export async function mayManage(
  db: Executor,
  actor: Pick<Admin, 'id' | 'orgId' | 'role'>,
  target: Pick<User, 'id' | 'orgId' | 'role'>,
): Promise<boolean> {
  if (RANK[actor.role] < RANK[target.role]) return false;
  if (actor.id === target.id) return true;
  const [held, theirs] = await Promise.all([loadPermissionSet(db, actor), loadPermissionSet(db, target)]);
  return notHeld(held, theirs).length === 0;
}

/** Managed roles the actor may hand out (and take away). */
export function assignableRoles(actor: Pick<Admin, 'role'>): ManagedRole[] {
  if (actor.role === 'owner') return ['owner', 'admin', 'member'];
  if (actor.role === 'admin') return ['admin', 'member'];
  return ['member'];
}

/** A user of this organization; another organization's id answers exactly like an unknown one. */
export async function findOrgUser(
  db: Executor,
  orgId: string,
  userId: string,
  forUpdate = false,
): Promise<User | null> {
  if (!isUuid(userId)) return null;
  const query = db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/**
 * Locks every owner row of the organization, in id order so two admins never deadlock. Whoever
 * comes second waits here and then counts the owners as the first one left them: two owners
 * demoting each other at once cannot leave the organization without one.
 */
async function lockOwners(tx: Executor, orgId: string) {
  return tx
    .select({ id: users.id, status: users.status })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'owner')))
    .orderBy(asc(users.id))
    .for('update');
}

const otherActiveOwners = (owners: { id: string; status: string }[], userId: string) =>
  owners.filter((o) => o.id !== userId && o.status === 'active').length;

const touched = () => ({ updatedAt: new Date(), version: sql`${users.version} + 1` });

export type RoleChange =
  'changed' | 'not-found' | 'outranked' | 'unchanged' | 'owner-only' | 'admin-only' | 'last-owner';

export async function changeUserRole(
  db: Db,
  actor: Admin,
  { userId, role }: ChangeRoleInput,
  meta?: Meta,
): Promise<RoleChange> {
  return db.transaction(async (tx) => {
    if (!isUuid(userId)) return 'not-found';
    const owners = await lockOwners(tx, actor.orgId);
    const target = await findOrgUser(tx, actor.orgId, userId, true);
    if (!target) return 'not-found';
    if (target.role === role) return 'unchanged';
    const allowed = assignableRoles(actor);
    if (!allowed.includes(role) || !allowed.includes(target.role)) {
      return role === 'owner' || target.role === 'owner' ? 'owner-only' : 'admin-only';
    }
    if (!(await mayManage(tx, actor, target))) return 'outranked';
    if (target.role === 'owner' && target.status === 'active' && otherActiveOwners(owners, target.id) === 0)
      return 'last-owner';
    await tx
      .update(users)
      .set({ role, ...touched() })
      .where(eq(users.id, target.id));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'user.role_changed',
      targetType: 'user',
      targetId: target.id,
      data: { from: target.role, to: role },
      meta,
    });
    return 'changed';
  });
}

export type Deactivation = 'deactivated' | 'not-found' | 'self' | 'outranked' | 'already' | 'last-owner';

/** Ends every session and blocks sign-in (which admits active users only); the data stays. */
export async function deactivateUser(
  db: Db,
  actor: Admin,
  { userId }: UserIdInput,
  meta?: Meta,
): Promise<Deactivation> {
  return db.transaction(async (tx) => {
    if (!isUuid(userId)) return 'not-found';
    const owners = await lockOwners(tx, actor.orgId);
    const target = await findOrgUser(tx, actor.orgId, userId, true);
    if (!target) return 'not-found';
    if (target.id === actor.id) return 'self';
    if (!(await mayManage(tx, actor, target))) return 'outranked';
    if (target.status === 'deactivated') return 'already';
    if (target.role === 'owner' && target.status === 'active' && otherActiveOwners(owners, target.id) === 0)
      return 'last-owner';
    await tx
      .update(users)
      .set({ status: 'deactivated', deactivatedAt: new Date(), ...touched() })
      .where(eq(users.id, target.id));
    const sessionsEnded = await deleteUserSessions(tx, target.id);
    await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, target.id));
    const tokensEnded = await endTokensOf(tx, target.id);
    const passkeysEnded = await endPasskeysOf(tx, target.id);
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'user.deactivated',
      targetType: 'user',
      targetId: target.id,
      data: { from: target.status, to: 'deactivated', sessionsEnded, tokensEnded, passkeysEnded },
      meta,
    });
    return 'deactivated';
  });
}

export type Reactivation = 'reactivated' | 'not-found' | 'outranked' | 'not-deactivated';

export async function reactivateUser(
  db: Db,
  actor: Admin,
  { userId }: UserIdInput,
  meta?: Meta,
): Promise<Reactivation> {
  return db.transaction(async (tx) => {
    const target = await findOrgUser(tx, actor.orgId, userId, true);
    if (!target) return 'not-found';
    if (!(await mayManage(tx, actor, target))) return 'outranked';
    if (target.status !== 'deactivated') return 'not-deactivated';
    await tx
      .update(users)
      .set({ status: 'active', deactivatedAt: null, ...touched() })
      .where(eq(users.id, target.id));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'user.reactivated',
      targetType: 'user',
      targetId: target.id,
      data: { from: 'deactivated', to: 'active', deactivatedAt: target.deactivatedAt?.toISOString() ?? null },
      meta,
    });
    return 'reactivated';
  });
}
