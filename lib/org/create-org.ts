import 'server-only';

import type { Db } from '@/db';
import { instance, organizations } from '@/db/schema';

import { audit } from '../audit/log';
import { enqueueMail } from '../mail/outbox';
import { createInvitation, invitationLink } from './invitations';

/** Another organization on this instance, with an invitation for its owner. */
export async function createOrganizationWithOwnerInvite(
  db: Db,
  input: { name: string; ownerEmail: string },
): Promise<{ orgId: string; link: string }> {
  return db.transaction(async (tx) => {
    // Once an organization exists, first-run setup must no longer be offered.
    await tx.insert(instance).values({ id: 1 }).onConflictDoNothing();
    const [org] = await tx.insert(organizations).values({ name: input.name }).returning({ id: organizations.id });
    const invite = await createInvitation(tx, {
      orgId: org.id,
      email: input.ownerEmail,
      role: 'owner',
      invitedByUserId: null,
    });
    const link = invitationLink(invite.token);
    await audit(tx, {
      orgId: org.id,
      actorUserId: null,
      action: 'org.created',
      targetType: 'organization',
      targetId: org.id,
      data: { name: input.name, via: 'cli', ownerEmail: input.ownerEmail },
    });
    await enqueueMail(tx, {
      orgId: org.id,
      to: input.ownerEmail,
      invitationId: invite.id,
      subject: `You're invited to manage ${input.name} on Roster`,
      text: `An organization "${input.name}" was created for you on Roster.\n\nAccept the invitation and choose a password:\n${link}\n\nThe link is valid for 7 days.`,
    });
    return { orgId: org.id, link };
  });
}
