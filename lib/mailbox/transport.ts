import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { organizations, userMailboxes, users } from '@/db/schema';

import { checkedSmtpOptions } from '../mail/connection-test';
import { smtpServerTransport, type MailTransport } from '../mail/transport';
import { decryptSecret } from '../security/secret-box';
import { MAILBOX_PASSWORD_PURPOSE } from './mailbox';

/**
 * The transport of the user's own connected mailbox, when the user chose to send through it and
 * the organization allows it; otherwise null (the organization's or the app's transport is used).
 * The mail goes out from the mailbox's address, with the user's name.
 */
export async function userMailboxTransport(db: Db, userId: string): Promise<MailTransport | null> {
  const [row] = await db
    .select({ mailbox: userMailboxes, user: users })
    .from(userMailboxes)
    .innerJoin(users, and(eq(users.id, userMailboxes.userId), eq(users.orgId, userMailboxes.orgId)))
    .innerJoin(organizations, eq(organizations.id, userMailboxes.orgId))
    .where(
      and(
        eq(userMailboxes.userId, userId),
        eq(userMailboxes.sendAs, true),
        eq(organizations.allowMailboxSending, true),
      ),
    );
  if (!row) return null;
  const { mailbox, user } = row;
  // Throws for a password sealed under another secret: the attempt fails and the mail waits.
  const password = decryptSecret(mailbox.passwordSealed, MAILBOX_PASSWORD_PURPOSE);
  const name = user.displayName?.trim() || `${user.firstName} ${user.lastName}`.trim();
  return smtpServerTransport(
    await checkedSmtpOptions({
      host: mailbox.smtpHost,
      port: mailbox.smtpPort,
      security: mailbox.smtpSecurity,
      username: mailbox.username,
      password,
    }),
    name ? { address: mailbox.address, name } : mailbox.address,
  );
}
