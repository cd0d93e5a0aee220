import 'server-only';

import type { Executor } from '@/db';

import { config } from '../config';
import { enqueueMail } from '../mail/outbox';

type Who = { orgId: string; email: string; firstName: string };

const SECURITY_MAILS = {
  'password.changed': {
    subject: 'Your Roster password was changed',
    body: 'The password of your Roster account was just changed. Every other session was signed out.',
  },
  'password.reset': {
    subject: 'Your Roster password was reset',
    body: 'The password of your Roster account was just reset with a link sent to this address. Every session was signed out.',
  },
  'mfa.enabled': {
    subject: 'Two-factor authentication is on',
    body: 'Two-factor authentication was turned on for your Roster account. Keep your backup codes somewhere safe.',
  },
  'mfa.disabled': {
    subject: 'Two-factor authentication is off',
    body: 'Two-factor authentication was turned off for your Roster account.',
  },
  'mfa.backup_code_used': {
    subject: 'A backup code was used to sign in',
    body: 'One of your Roster backup codes was just used to sign in. Each code works once; regenerate them in Settings → Security when you run low.',
  },
  'mfa.backup_codes_regenerated': {
    subject: 'New backup codes were generated',
    body: 'New backup codes were generated for your Roster account; the old ones no longer work.',
  },
  'pin.changed': {
    subject: 'Your phone PIN was changed',
    body: 'The PIN used to identify you on the phone was changed.',
  },
} as const;

export type SecurityMail = keyof typeof SECURITY_MAILS;

/** Mandatory security notices: sent whatever the user's notification settings say. */
export async function queueSecurityMail(
  tx: Executor,
  kind: SecurityMail,
  who: Who,
  meta?: { ip: string | null; userAgent: string | null },
): Promise<void> {
  const mail = SECURITY_MAILS[kind];
  const from = meta?.ip ? `\n\nFrom: ${meta.ip}${meta.userAgent ? ` (${meta.userAgent})` : ''}` : '';
  await enqueueMail(tx, {
    orgId: who.orgId,
    to: who.email,
    subject: mail.subject,
    text: `Hello ${who.firstName || who.email},\n\n${mail.body}${from}\n\nIf this wasn't you, reset your password at ${config.appUrl}/forgot-password and tell your administrator.\n\nThis notice is sent for your security and cannot be turned off.`,
  });
}
