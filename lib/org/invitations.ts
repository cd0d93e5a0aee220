import 'server-only';

import { and, eq, isNull } from 'drizzle-orm';

import type { Executor } from '@/db';
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

/**
 * Creates an invitation and returns its one-time token (only its hash is stored). A pending
 * invitation for the same email in the organization is revoked: one pending per email.
 */
export async function createInvitation(
  tx: Executor,
  input: {
    orgId: string;
    email: string;
    role: ManagedRole;
    firstName?: string;
    lastName?: string;
    invitedByUserId: string | null;
    extras?: InvitationExtras;
  },
): Promise<{ id: string; token: string }> {
  const email = normalizeEmail(input.email);
  await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.orgId, input.orgId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
  const token = newSecretToken();
  const [row] = await tx
    .insert(invitations)
    .values({
      orgId: input.orgId,
      email,
      role: input.role,
      firstName: input.firstName ?? '',
      extras: input.extras ?? {},
      lastName: input.lastName ?? '',
      tokenHash: hashToken(token),
      invitedByUserId: input.invitedByUserId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    })
    .returning({ id: invitations.id });
  return { id: row.id, token };
}
