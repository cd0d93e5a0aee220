import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';
import type { MessageKey } from '../i18n/message';
import { MAIL_HOST, MAIL_SECURITY, optionalMailPort, type MailSecurityChoice } from '../mail/server-fields';
import { isOtherProviderHost, MAILBOX_PRESETS, presetServers } from './presets';

const host = () => fields.text(253).check(z.regex(MAIL_HOST, 'userMailbox.errors.host'));
const port = () => optionalMailPort('userMailbox.errors.port');
/** A select always posts one of its options; a script may post nothing (then the provider's, or an error). */
const security = () =>
  z.optional(
    z.pipe(
      z.transform((v: unknown) => (v === '' ? undefined : v)),
      z.optional(z.enum(MAIL_SECURITY, 'userMailbox.errors.security')),
    ),
  );

const mailboxFields = z.object({
  intent: z.optional(z.enum(['save', 'test'])),
  preset: z.enum(MAILBOX_PRESETS, 'userMailbox.errors.preset'),
  address: fields.email(),
  imapHost: z._default(z.optional(host()), ''),
  imapPort: port(),
  imapSecurity: security(),
  smtpHost: z._default(z.optional(host()), ''),
  smtpPort: port(),
  smtpSecurity: security(),
  username: z._default(z.optional(fields.text(254)), ''),
  password: z.optional(z.string().check(z.maxLength(500, 'errors.tooLong'))),
  sendAs: fields.checkbox(),
});

type Side = { host: string; port: number; security: MailSecurityChoice };

/**
 * The mailbox form. "Test connection" and "Save mailbox" post the same fields; `intent` says which
 * button was pressed. With a provider chosen, a server whose host is left empty (or still holds
 * another provider's, as the form without JavaScript may) takes the provider's host, port and
 * security. An empty username is the email address; an empty password keeps the stored one.
 */
export const mailboxSchema = z.pipe(
  mailboxFields,
  z.transform((v: z.output<typeof mailboxFields>, ctx) => {
    const servers = presetServers(v.preset);
    const side = (name: 'imap' | 'smtp'): Side | null => {
      const typed = {
        host: v[`${name}Host`],
        port: v[`${name}Port`],
        security: v[`${name}Security`],
      };
      if (servers && (!typed.host || isOtherProviderHost(v.preset, name, typed.host))) return { ...servers[name] };
      const missing = (field: string, message: MessageKey = 'errors.required') =>
        ctx.issues.push({ code: 'custom', path: [field], message, input: ctx.value });
      if (!typed.host) missing(`${name}Host`);
      if (typed.port === undefined) missing(`${name}Port`);
      if (!typed.security) missing(`${name}Security`, 'userMailbox.errors.security');
      if (!typed.host || typed.port === undefined || !typed.security) return null;
      return { host: typed.host, port: typed.port, security: typed.security };
    };
    const imap = side('imap');
    const smtp = side('smtp');
    if (!imap || !smtp) return z.NEVER;
    return {
      intent: v.intent ?? 'save',
      preset: v.preset,
      address: v.address,
      imap,
      smtp,
      username: v.username || v.address,
      password: v.password ? v.password : undefined,
      sendAs: v.sendAs,
    };
  }),
);
export type MailboxValues = Record<string, string | boolean | undefined>;
export type MailboxInput = z.output<typeof mailboxSchema>;

/** "Disconnect mailbox" carries nothing: the mailbox is the signed-in user's. */
export const disconnectMailboxSchema = z.object({});
