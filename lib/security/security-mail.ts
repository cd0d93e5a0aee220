import 'server-only';

import type { Executor } from '@/db';

import { config } from '../config';
import { enqueueMail } from '../mail/outbox';
import { greetingName, mailIntl, type MailRecipient } from '../mail/recipient';

type Who = MailRecipient & { orgId: string; email: string; firstName: string };

/** Each notice's subject and body live in `messages/<locale>/mail.json` under `mail.security.<key>`. */
const SECURITY_MAILS = {
  'password.changed': 'passwordChanged',
  'password.reset': 'passwordReset',
  'mfa.enabled': 'mfaEnabled',
  'mfa.disabled': 'mfaDisabled',
  'mfa.backup_code_used': 'backupCodeUsed',
  'mfa.backup_codes_regenerated': 'backupCodesRegenerated',
  'pin.changed': 'pinChanged',
  'connections.account_linked': 'accountLinked',
  'connections.account_unlinked': 'accountUnlinked',
  'keys.key_added': 'keyAdded',
  'keys.key_removed': 'keyRemoved',
  'passkey.added': 'passkeyAdded',
  'passkey.removed': 'passkeyRemoved',
} as const;

export type SecurityMail = keyof typeof SECURITY_MAILS;

/**
 * Mandatory security notices: sent whatever the user's notification settings say, in the user's
 * language, with the time in their zone.
 */
export async function queueSecurityMail(
  tx: Executor,
  kind: SecurityMail,
  who: Who,
  meta?: { ip: string | null; userAgent: string | null } | null,
  /** The notice's own details, e.g. `{ name }` of a passkey or `{ fingerprint }` of a key. */
  values?: Record<string, string>,
): Promise<void> {
  const { t, time } = mailIntl(who);
  const key = `mail.security.${SECURITY_MAILS[kind]}` as const;
  const details = [t('mail.security.when', { time: time(new Date()) })];
  if (meta?.ip)
    details.push(
      meta.userAgent
        ? t('mail.security.fromDevice', { ip: meta.ip, device: meta.userAgent })
        : t('mail.security.from', { ip: meta.ip }),
    );
  await enqueueMail(tx, {
    orgId: who.orgId,
    to: who.email,
    // Readable without the key it announces: whoever set a key in someone else's name must not
    // also hide the warning from its owner.
    plainOnly: kind === 'keys.key_added',
    subject: t(`${key}.subject`),
    text: [
      t('mail.greeting', { name: greetingName(who) }),
      (t as (key: string, values?: Record<string, string>) => string)(`${key}.body`, values),
      details.join('\n'),
      t('mail.security.footer', { url: `${config.appUrl}/forgot-password` }),
    ].join('\n\n'),
  });
}
