import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';
import { MAIL_HOST, MAIL_SECURITY, mailPort, PORT_RANGE } from '../mail/server-fields';

export { MAIL_SECURITY, PORT_RANGE };

const port = mailPort('orgEmail.errors.port');

/**
 * The mail server form. "Save" and "Test connection" post the same fields; `intent` says which
 * button was pressed. An empty password keeps the stored one.
 */
export const mailServerSchema = z.object({
  intent: z.optional(z.enum(['save', 'test'])),
  host: fields.requiredText(253).check(z.regex(MAIL_HOST, 'orgEmail.errors.host')),
  port,
  security: z.enum(MAIL_SECURITY, 'orgEmail.errors.security'),
  username: fields.text(254),
  password: z.optional(z.string().check(z.maxLength(500, 'errors.tooLong'))),
  fromAddress: fields.email(),
  fromName: fields.text(100),
});
export type MailServerValues = Record<string, string | undefined>;
export type MailServerInput = z.output<typeof mailServerSchema>;

/** "Disconnect" carries nothing: the organization comes from the session. */
export const disconnectMailServerSchema = z.object({});

/** Whether people may send the organization's mail on their behalf through their own mailboxes. */
export const mailboxSendingSchema = z.object({ allowMailboxSending: fields.checkbox() });
