import 'server-only';

import { createTranslator, type _Translator } from 'use-intl/core';

import type { Catalog } from './catalog';
import type { Locale } from './config';
import { FALLBACK_MESSAGE, type Message, type MessageKey } from './message';
import { compiledMessagesFor } from './messages';

/** Keys are checked by the compiler (see catalog.ts); the catalog test checks every language has them. */
export type Translator = _Translator<Catalog>;

/**
 * One translator per language and zone for the process (in production, where the catalog does
 * not change): a translator keeps every message it has parsed, and a new one per request parsed
 * the page's messages again on every request.
 */
const translators = new Map<string, Translator>();

/**
 * A translator for one language, without the request: mail and scripts use it too. With a zone,
 * dates in messages are shown in it.
 */
export function translatorFor(locale: Locale, timeZone?: string): Translator {
  const key = `${locale}|${timeZone ?? ''}`;
  const known = translators.get(key);
  if (known && process.env.NODE_ENV === 'production') return known;
  const t = createTranslator({ locale, timeZone, messages: compiledMessagesFor(locale) as Catalog });
  translators.set(key, t);
  return t;
}

/** A key built from stored data (an audit action, a mail's status), if the catalog names it. */
export function catalogKey(t: Translator, key: string): MessageKey | null {
  return t.has(key as MessageKey) ? (key as MessageKey) : null;
}

/**
 * A message as text: its key looked up (a key the catalog lacks reads as the generic "not
 * valid"), values that are messages translated first. A message with its own language uses it.
 */
export function messageText(t: Translator, message: Message): string {
  const { key, values, locale } = typeof message === 'string' ? { key: message } : message;
  const translate = locale ? translatorFor(locale) : t;
  const resolved = values
    ? Object.fromEntries(
        Object.entries(values).map(([name, value]) => [
          name,
          typeof value === 'object' && !(value instanceof Date) ? messageText(translate, value) : value,
        ]),
      )
    : undefined;
  return translate.has(key) ? translate(key, resolved) : translate(FALLBACK_MESSAGE);
}
