import 'server-only';

import type { Executor } from '@/db';

import { config } from '../config';
import { enqueueMail } from '../mail/outbox';
import { greetingName, mailIntl, type MailRecipient } from '../mail/recipient';

type Owner = MailRecipient & { orgId: string; email: string; firstName: string };

/**
 * The mandatory notice of a new token (as for a password change: sent whatever the user's
 * notification settings say), naming the token, its scopes and when it expires, so a token
 * someone else made is noticed.
 */
export async function queueTokenCreatedMail(
  tx: Executor,
  owner: Owner,
  token: { name: string; scopes: readonly string[]; expiresAt: Date },
  meta?: { ip: string | null; userAgent: string | null },
): Promise<void> {
  const { t, time } = mailIntl(owner);
  const details = [t('mail.security.when', { time: time(new Date()) })];
  if (meta?.ip)
    details.push(
      meta.userAgent
        ? t('mail.security.fromDevice', { ip: meta.ip, device: meta.userAgent })
        : t('mail.security.from', { ip: meta.ip }),
    );
  await enqueueMail(tx, {
    orgId: owner.orgId,
    to: owner.email,
    subject: t('mail.security.tokenCreated.subject'),
    text: [
      t('mail.greeting', { name: greetingName(owner) }),
      t('mail.security.tokenCreated.body', {
        name: token.name,
        scopes: token.scopes.join(', '),
        expires: time(token.expiresAt),
        url: `${config.appUrl}/settings/tokens`,
      }),
      details.join('\n'),
      t('mail.security.footer', { url: `${config.appUrl}/forgot-password` }),
    ].join('\n\n'),
  });
}
