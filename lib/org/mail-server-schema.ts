import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';

export const MAIL_SECURITY = ['tls', 'starttls', 'none'] as const;
export const PORT_RANGE = { min: 1, max: 65535 } as const;

/** A host name or an address: spaces, slashes and schemes ("smtp://…") are typing mistakes; empty is left to "required". */
const HOST = /^[A-Za-z0-9._:[\]-]*$/;

/** A port typed into a field: FormData and react-hook-form both deliver strings. */
const port = z.pipe(
  z.transform((v: unknown) =>
    typeof v === 'string' ? (v.trim() === '' ? undefined : /^\d{1,6}$/.test(v.trim()) ? Number(v.trim()) : NaN) : v,
  ),
  z
    .number({ error: (issue) => (issue.input === undefined ? 'errors.required' : 'orgEmail.errors.port') })
    .check(
      z.int('orgEmail.errors.port'),
      z.gte(PORT_RANGE.min, 'orgEmail.errors.port'),
      z.lte(PORT_RANGE.max, 'orgEmail.errors.port'),
    ),
);

/**
 * The mail server form. "Save" and "Test connection" post the same fields; `intent` says which
 * button was pressed. An empty password keeps the stored one.
 */
export const mailServerSchema = z.object({
  intent: z.optional(z.enum(['save', 'test'])),
  host: fields.requiredText(253).check(z.regex(HOST, 'orgEmail.errors.host')),
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
