import 'server-only';

import { and, eq, inArray, isNull, sql } from 'drizzle-orm';

import { jsonRecords, rows, type Executor } from '@/db';
import { invitations, type InvitationExtras, type ManagedRole } from '@/db/schema';

import { normalizeEmail } from '../auth/email';
import { config } from '../config';
import { hashToken, newSecretToken } from '../security/tokens';

export const INVITATION_DAYS = 7;

/** Kept for the callers that import it from here; defined once in lib/security/tokens. */
export { hashToken };

export function invitationLink(token: string): string {
  return `${config.appUrl}/invite/${token}`;
}

export type NewInvitation = {
  orgId: string;
  email: string;
  role: ManagedRole;
  firstName?: string;
  lastName?: string;
  invitedByUserId: string | null;
  extras?: InvitationExtras;
};

/**
 * Creates an invitation and returns its one-time token (only its hash is stored). A pending
 * invitation for the same email in the organization is revoked: one pending per email.
 */
export async function createInvitation(tx: Executor, input: NewInvitation): Promise<{ id: string; token: string }> {
  const [created] = await createInvitations(tx, input.orgId, [input]);
  return created;
}

/**
 * `createInvitation` for many addresses of one organization in two statements (an import's
 * batch); the addresses must differ. Returns the invitations in the order of `inputs`.
 */
export async function createInvitations(
  tx: Executor,
  orgId: string,
  inputs: readonly NewInvitation[],
): Promise<{ id: string; token: string; email: string }[]> {
  if (!inputs.length) return [];
  const emails = inputs.map((i) => normalizeEmail(i.email));
  await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.orgId, orgId),
        inArray(invitations.email, emails),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const tokens = inputs.map(() => newSecretToken());
  const hashes = tokens.map(hashToken);
  const records = inputs.map((input, i) => ({
    email: emails[i],
    role: input.role,
    firstName: input.firstName ?? '',
    lastName: input.lastName ?? '',
    extras: input.extras ?? {},
    tokenHash: hashes[i],
    invitedByUserId: input.invitedByUserId,
  }));
  const created = await rows<{ id: string; tokenHash: string }>(
    tx,
    sql`insert into invitations (org_id, email, role, first_name, last_name, extras, token_hash, invited_by_user_id, expires_at)
      select ${orgId}::uuid, r.email, r.role, r."firstName", r."lastName", r.extras, r."tokenHash", r."invitedByUserId",
        ${expiresAt.toISOString()}::timestamptz
      from ${jsonRecords(records)}
        as r(email text, role text, "firstName" text, "lastName" text, extras jsonb, "tokenHash" text, "invitedByUserId" uuid)
      returning id, token_hash as "tokenHash"`,
  );
  const idByHash = new Map(created.map((r) => [r.tokenHash, r.id]));
  return tokens.map((token, i) => ({ id: idByHash.get(hashes[i])!, token, email: emails[i] }));
}
