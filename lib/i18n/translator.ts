import 'server-only';

import { createTranslator } from 'use-intl/core';

import type { Locale } from './config';
import { messagesFor } from './messages';

type Values = Record<string, string | number | Date>;
/** Keys are checked by the catalog test (every key in every language), not by the type system. */
export type Translator = ((key: string, values?: Values) => string) & { has: (key: string) => boolean };

/**
 * A translator for one language, without the request: mail and scripts use it too. With a zone,
 * dates in messages are shown in it.
 */
export function translatorFor(locale: Locale, timeZone?: string): Translator {
  return createTranslator({ locale, timeZone, messages: messagesFor(locale) as never }) as unknown as Translator;
}
