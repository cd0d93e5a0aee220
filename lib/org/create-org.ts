import 'server-only';

import type { Db } from '@/db';
import { instance, organizations } from '@/db/schema';

import { audit } from '../audit/log';
import { DEFAULT_LOCALE, type Locale } from '../i18n/config';
import { enqueueMail } from '../mail/outbox';
import { mailIntl } from '../mail/recipient';
import { createInvitation, INVITATION_DAYS, invitationLink } from './invitations';

/**
 * Another organization on this instance, with an invitation for its owner. The owner has no
 * account yet, so the invitation mail is in the language given here (the default otherwise).
 */
export async function createOrganizationWithOwnerInvite(
  db: Db,
  input: { name: string; ownerEmail: string; ownerFirstName?: string; ownerLastName?: string; locale?: Locale },
): Promise<{ orgId: string; link: string }> {
  return db.transaction(async (tx) => {
    // Once an organization exists, first-run setup must no longer be offered.
    await tx.insert(instance).values({ id: 1 }).onConflictDoNothing();
    const [org] = await tx.insert(organizations).values({ name: input.name }).returning({ id: organizations.id });
    const invite = await createInvitation(tx, {
      orgId: org.id,
      email: input.ownerEmail,
      role: 'owner',
      firstName: input.ownerFirstName,
      lastName: input.ownerLastName,
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
    const { t } = mailIntl({ locale: input.locale ?? DEFAULT_LOCALE });
    const values = { org: input.name, link, days: INVITATION_DAYS };
    await enqueueMail(tx, {
      orgId: org.id,
      to: input.ownerEmail,
      invitationId: invite.id,
      subject: t('mail.orgCreated.subject', values),
      text: t('mail.orgCreated.body', values),
    });
    return { orgId: org.id, link };
  });
}
