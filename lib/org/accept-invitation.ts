import 'server-only';

import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { groupMembers, groups, invitations, organizations, users } from '@/db/schema';

import { audit } from '../audit/log';
import { loadPermissionSet } from '../auth/authorize';
import { hashPassword } from '../auth/password-hash';
import type { RequestMeta } from '../http/request-meta';
import { groupsGrantingBeyond } from './groups';
import { hashToken } from './invitations';
import { emailDomainAllowed } from './invite-policy';

export type InvitationView = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  orgId: string;
  orgName: string;
  inviterName: string | null;
  state: 'pending' | 'accepted' | 'revoked' | 'expired';
  /** Checked against the organization's policy as it is now, which may have changed since the invitation was sent. */
  domainAllowed: boolean;
};

export async function findInvitation(db: Db, token: string): Promise<InvitationView | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({
      invitation: invitations,
      orgName: organizations.name,
      allowedDomains: organizations.allowedEmailDomains,
      inviterFirst: users.firstName,
      inviterLast: users.lastName,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return null;
  const inv = row.invitation;
  const state = inv.acceptedAt
    ? 'accepted'
    : inv.revokedAt
      ? 'revoked'
      : inv.expiresAt.getTime() <= Date.now()
        ? 'expired'
        : 'pending';
  const inviterName = row.inviterFirst !== null ? `${row.inviterFirst} ${row.inviterLast ?? ''}`.trim() : null;
  return {
    id: inv.id,
    email: inv.email,
    firstName: inv.firstName,
    lastName: inv.lastName,
    orgId: inv.orgId,
    orgName: row.orgName,
    inviterName,
    state,
    domainAllowed: emailDomainAllowed(inv.email, row.allowedDomains),
  };
}

/** A username an import chose may have been taken since; the account then starts without one. */
async function usernameFree(tx: Executor, orgId: string, username: string | undefined): Promise<boolean> {
  if (!username) return false;
  const taken = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), sql`lower(${users.username}) = lower(${username})`))
    .limit(1);
  return taken.length === 0;
}

/**
 * Groups named in an import join the new account only as the inviter could add them now: the
 * inviter still active in the organization, each group still there and granting nothing beyond
 * what the inviter holds today (groups are locked as a member change locks them).
 */
async function joinImportedGroups(
  tx: Executor,
  inv: { orgId: string; invitedByUserId: string | null; extras: { groupIds?: string[] } },
  userId: string,
): Promise<void> {
  const wanted = inv.extras.groupIds ?? [];
  if (!wanted.length || !inv.invitedByUserId) return;
  const [inviter] = await tx
    .select({ id: users.id, orgId: users.orgId, role: users.role, status: users.status })
    .from(users)
    .where(and(eq(users.id, inv.invitedByUserId), eq(users.orgId, inv.orgId)));
  if (!inviter || inviter.status !== 'active') return;
  const existing = await tx
    .select({ id: groups.id })
    .from(groups)
    .where(and(eq(groups.orgId, inv.orgId), inArray(groups.id, wanted)))
    .for('share');
  if (!existing.length) return;
  const held = await loadPermissionSet(tx, inviter);
  const beyond = await groupsGrantingBeyond(
    tx,
    held,
    inv.orgId,
    existing.map((g) => g.id),
  );
  const kept = existing.filter((g) => !beyond.has(g.id));
  if (kept.length)
    await tx
      .insert(groupMembers)
      .values(kept.map((g) => ({ orgId: inv.orgId, groupId: g.id, userId })))
      .onConflictDoNothing();
}

export type AcceptResult =
  { ok: true; userId: string; orgId: string } | { ok: false; reason: 'invalid' | 'exists' | 'domain' };

/**
 * Turns a pending invitation into an active account. The invitation row is locked and re-checked
 * inside the transaction, so a link used twice at once still creates one account.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  password: string,
  meta: RequestMeta,
): Promise<AcceptResult> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.tokenHash, hashToken(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .for('update')
      .limit(1);
    if (!inv) return { ok: false, reason: 'invalid' } as const;
    const [org] = await tx
      .select({ allowedDomains: organizations.allowedEmailDomains })
      .from(organizations)
      .where(eq(organizations.id, inv.orgId))
      .limit(1);
    if (!org || !emailDomainAllowed(inv.email, org.allowedDomains)) return { ok: false, reason: 'domain' } as const;
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, inv.email)).limit(1);
    if (existing.length) return { ok: false, reason: 'exists' } as const;
    const [user] = await tx
      .insert(users)
      .values({
        orgId: inv.orgId,
        email: inv.email,
        passwordHash,
        passwordChangedAt: new Date(),
        role: inv.role,
        status: 'active',
        firstName: inv.firstName,
        lastName: inv.lastName,
        jobTitle: inv.extras.jobTitle || null,
        phone: inv.extras.phone || null,
        username: (await usernameFree(tx, inv.orgId, inv.extras.username)) ? inv.extras.username : null,
      })
      .returning({ id: users.id });
    await joinImportedGroups(tx, inv, user.id);
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv.id));
    await audit(tx, {
      orgId: inv.orgId,
      actorUserId: user.id,
      action: 'invitation.accepted',
      targetType: 'invitation',
      targetId: inv.id,
      data: { email: inv.email, role: inv.role },
      meta,
    });
    return { ok: true, userId: user.id, orgId: inv.orgId } as const;
  });
}
