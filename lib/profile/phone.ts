import 'server-only';

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * The country a number without a leading `+` is read in. Taken from the interface language,
 * the one hint we have about where someone dials from; English speakers default to the US.
 */
export function defaultPhoneRegion(locale: string | null | undefined): CountryCode {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  if (base === 'de') return 'DE';
  if (base === 'ru') return 'RU';
  return 'US';
}

export type PhoneCheck = { ok: true; e164: string } | { ok: false; reason: 'invalid' | 'extension' };

/**
 * A typed number in E.164 (`+4930123456`), or why not. The whole input must be the number:
 * text around it is refused rather than silently dropped, and so is an extension, which E.164
 * cannot carry. Validity uses the full metadata, so a number too short for its area fails.
 */
export function normalizePhone(input: string, region: CountryCode): PhoneCheck {
  const text = input.trim();
  if (!text || text.length > 40) return { ok: false, reason: 'invalid' };
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: region, extract: false });
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  if (parsed.ext) return { ok: false, reason: 'extension' };
  return { ok: true, e164: parsed.number };
}

/** A stored E.164 number as people read it (`+49 30 123456`); anything unparsable as it is. */
export function formatPhoneInternational(e164: string | null | undefined): string {
  if (!e164) return '';
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
