import { z } from '@/lib/actions/zod';

import type { MessageKey } from '../i18n/message';

/** How a mail client talks to a server: TLS from the first byte, an upgrade that must happen, or plain. */
export const MAIL_SECURITY = ['tls', 'starttls', 'none'] as const;
export type MailSecurityChoice = (typeof MAIL_SECURITY)[number];
export const PORT_RANGE = { min: 1, max: 65535 } as const;

/** A host name or an address: spaces, slashes and schemes ("smtp://…") are typing mistakes; empty is left to "required". */
export const MAIL_HOST = /^[A-Za-z0-9._:[\]-]*$/;

/** A port typed into a field, as a number; an empty field is `undefined`, anything else not a number NaN. */
const typedPort = (v: unknown) =>
  typeof v === 'string' ? (v.trim() === '' ? undefined : /^\d{1,6}$/.test(v.trim()) ? Number(v.trim()) : NaN) : v;

const portNumber = (message: MessageKey) =>
  z.number({ error: message }).check(z.int(message), z.gte(PORT_RANGE.min, message), z.lte(PORT_RANGE.max, message));

/** A required port from 1 to 65535: FormData and react-hook-form both deliver strings. */
export const mailPort = (message: MessageKey) =>
  z.pipe(
    z.transform(typedPort),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'errors.required' : message) })
      .check(z.int(message), z.gte(PORT_RANGE.min, message), z.lte(PORT_RANGE.max, message)),
  );

/** The same, but an empty field is `undefined` (left for the caller to fill in). */
export const optionalMailPort = (message: MessageKey) =>
  z.pipe(z.transform(typedPort), z.optional(portNumber(message)));
