import 'server-only';

import { createTranslator } from 'use-intl/core';

import { formatDateTime, userIntl, type FormatUser } from '../format';
import type { Locale } from '../i18n/config';
import { messagesFor } from '../i18n/messages';
import type { Translator } from '../i18n/server';

/**
 * A mail speaks its recipient's language (`users.locale`) and shows a moment in their own zone,
 * naming the zone: a mail is read later and elsewhere, so "14:05" alone would be ambiguous.
 * An address without an account has no language of its own: the caller passes the one to use
 * (the inviter's), with no zone.
 */
export type MailRecipient = { locale: string; timeZone?: string | null };

export type MailIntl = { locale: Locale; t: Translator; time: (at: Date) => string };

/**
 * The catalog is read here rather than through `translatorFor` (lib/i18n/server), which reads the
 * request's session: mail is also written by scripts (`npm run org:create`), outside Next.js.
 */
export function mailIntl(recipient: MailRecipient): MailIntl {
  const user: FormatUser = { locale: recipient.locale, timeZone: recipient.timeZone ?? null };
  const { locale, timeZone } = userIntl(user);
  const t = createTranslator({ locale, timeZone, messages: messagesFor(locale) as never }) as unknown as Translator;
  return { locale, t, time: (at) => `${formatDateTime(at, user)} (${timeZone})` };
}

/** How a mail greets a person with an account. */
export function greetingName(user: { firstName?: string | null; email: string }): string {
  return user.firstName?.trim() || user.email;
}
