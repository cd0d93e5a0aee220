import 'server-only';

import { formatDateTime, userIntl, type FormatUser } from '../format';
import type { Locale } from '../i18n/config';
import { translatorFor, type Translator } from '../i18n/translator';

/**
 * A mail speaks its recipient's language (`users.locale`) and shows a moment in their own zone,
 * naming the zone: a mail is read later and elsewhere, so "14:05" alone would be ambiguous.
 * An address without an account has no language of its own: the caller passes the one to use
 * (the inviter's), with no zone.
 */
export type MailRecipient = { locale: string; timeZone?: string | null };

export type MailIntl = { locale: Locale; t: Translator; time: (at: Date) => string };

export function mailIntl(recipient: MailRecipient): MailIntl {
  const user: FormatUser = { locale: recipient.locale, timeZone: recipient.timeZone ?? null };
  const { locale, timeZone } = userIntl(user);
  const t = translatorFor(locale, timeZone);
  return { locale, t, time: (at) => `${formatDateTime(at, user)} (${timeZone})` };
}

/** How a mail greets a person with an account. */
export function greetingName(user: { firstName?: string | null; email: string }): string {
  return user.firstName?.trim() || user.email;
}
