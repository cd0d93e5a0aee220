import 'server-only';

import { headers } from 'next/headers';
import { cache } from 'react';

import { getSessionIfReachable, type CurrentUser } from '../auth/current';
import { DEFAULT_LOCALE, isLocale, negotiateLocale, type Locale } from './config';
import { catalogKey, messageText, translatorFor, type Translator } from './translator';

export { catalogKey, messageText, translatorFor, type Translator };

export type RequestIntl = { locale: Locale; timeZone: string };

/**
 * The signed-in user's language and zone; otherwise (or with the database out of reach) the
 * browser's language and UTC.
 */
export const getRequestIntl = cache(async (): Promise<RequestIntl> => {
  const current = await getSessionIfReachable();
  if (current) return { locale: userLocale(current), timeZone: current.user.timeZone || 'UTC' };
  let accept: string | null = null;
  try {
    accept = (await headers()).get('accept-language');
  } catch {
    // outside a request (scripts): the default language
  }
  return { locale: negotiateLocale(accept), timeZone: 'UTC' };
});

/** The language a signed-in user chose (one no longer offered reads as the default). */
export function userLocale(current: CurrentUser): Locale {
  return isLocale(current.user.locale) ? current.user.locale : DEFAULT_LOCALE;
}

/** A translator for the request's language (whole catalog; pass full keys). */
export async function getT(): Promise<Translator> {
  return translatorFor((await getRequestIntl()).locale);
}
