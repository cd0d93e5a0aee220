import type { MailboxPreset } from '@/db/schema';

import type { MailSecurityChoice } from '../mail/server-fields';

/** One side of a mailbox: where to connect and how. */
export type MailServerEndpoint = { host: string; port: number; security: MailSecurityChoice };

export type ProviderPreset = { imap: MailServerEndpoint; smtp: MailServerEndpoint };

/** The providers the form knows, in the order the "Provider" select lists them; "custom" last. */
export const MAILBOX_PRESETS = [
  'gmail',
  'yahoo',
  'outlook',
  'office365',
  'custom',
] as const satisfies readonly MailboxPreset[];

/**
 * The servers of the known providers, as they publish them. Outlook is outlook.com (personal
 * accounts); Office365 is Microsoft 365 work and school accounts. "custom" has none.
 */
export const PROVIDER_SERVERS: Record<Exclude<MailboxPreset, 'custom'>, ProviderPreset> = {
  gmail: {
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
  },
  yahoo: {
    imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, security: 'tls' },
  },
  outlook: {
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp-mail.outlook.com', port: 587, security: 'starttls' },
  },
  office365: {
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
  },
};

export const presetServers = (preset: MailboxPreset): ProviderPreset | null =>
  preset === 'custom' ? null : PROVIDER_SERVERS[preset];

/** Whether `host` is the server of some provider other than `preset` (a field the form left as it was). */
export function isOtherProviderHost(preset: MailboxPreset, side: 'imap' | 'smtp', host: string): boolean {
  const h = host.trim().toLowerCase();
  return Object.entries(PROVIDER_SERVERS).some(([id, servers]) => id !== preset && servers[side].host === h);
}
