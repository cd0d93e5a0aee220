import 'server-only';

import { and, inArray, isNull, sql } from 'drizzle-orm';

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
 * The ids of the organization's pending (or revoked) invitations of `emails`, looked up address by
 * address in the (org_id, email) index. As one `email in (…)` over a table still growing inside an
 * import, PostgreSQL read the whole table for each batch (planned with statistics of minutes
 * before): 0.1 s a batch at 100,000 invitations. `offset 0` keeps the lookup per address, and
 * the state is checked outside it: inside, PostgreSQL walked the partial index of all pending
 * invitations for every address instead.
 */
export async function invitationIdsOf(
  tx: Executor,
  orgId: string,
  emails: readonly string[],
  state: 'pending' | 'revoked',
): Promise<string[]> {
  if (!emails.length) return [];
  const which =
    state === 'pending' ? sql`i.accepted_at is null and i.revoked_at is null` : sql`i.revoked_at is not null`;
  const found = await rows<{ id: string }>(
    tx,
    sql`select i.id from json_array_elements_text(${JSON.stringify(emails)}::json) as e(email)
      cross join lateral (
        select i.id, i.accepted_at, i.revoked_at from invitations i
        where i.org_id = ${orgId}::uuid and i.email = e.email offset 0
      ) i
      where ${which}`,
  );
  return found.map((r) => r.id);
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
  const pending = await invitationIdsOf(tx, orgId, emails, 'pending');
  if (pending.length)
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(inArray(invitations.id, pending), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
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
