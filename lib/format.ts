import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n/config';

/** What formatting needs from a user row: their language and zone (null until chosen). */
export type FormatUser = { locale: string; timeZone: string | null };
type DateInput = Date | string | number | null | undefined;

/** Shown for a missing or unparseable value instead of "Invalid Date" or a thrown RangeError. */
export const NO_DATE = '—';

const zoneValid = new Map<string, boolean>();

function isUsableZone(zone: string): boolean {
  let ok = zoneValid.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    if (zoneValid.size < 1000) zoneValid.set(zone, ok);
  }
  return ok;
}

/**
 * The language and zone dates are shown in. A language the interface does not speak falls
 * back like the interface does, so a page never mixes two; a zone Intl rejects (a typo, or a
 * zone the runtime's ICU no longer knows) falls back to UTC rather than breaking the page.
 */
export function userIntl(user: FormatUser): { locale: Locale; timeZone: string } {
  const locale = isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
  const timeZone = user.timeZone && isUsableZone(user.timeZone) ? user.timeZone : 'UTC';
  return { locale, timeZone };
}

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

// Building a formatter costs far more than using one; lists format hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** A moment in the user's own zone and language: "12 Jan 2026, 14:05" / "12.01.2026, 14:05". */
export function formatDateTime(value: DateInput, user: FormatUser): string {
  const date = toDate(value);
  if (!date) return NO_DATE;
  const { locale, timeZone } = userIntl(user);
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day in the user's language. A calendar date ("1990-05-01", as date columns come back) is
 * the same day everywhere, so it is not shifted into the user's zone; a moment is shown as the
 * day it was in the user's zone.
 */
export function formatDate(value: DateInput, user: FormatUser): string {
  const calendar = typeof value === 'string' && CALENDAR_DATE.test(value);
  const date = toDate(calendar ? `${value}T00:00:00Z` : value);
  if (!date) return NO_DATE;
  const { locale, timeZone } = userIntl(user);
  return formatter(locale, { dateStyle: 'medium', timeZone: calendar ? 'UTC' : timeZone }).format(date);
}

/** Days since the epoch of the calendar day `date` falls on in `timeZone`. */
function dayNumber(date: Date, timeZone: string): number {
  const parts = formatter('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day')) / 86_400_000;
}

function monthNumber(day: number): number {
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormatter(locale: Locale): Intl.RelativeTimeFormat {
  let f = relativeFormatters.get(locale);
  if (!f) relativeFormatters.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return f;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * "5 minutes ago", "in 3 hours", "yesterday", "vor 2 Wochen". Beyond 12 hours, days, weeks,
 * months and years count calendar days in the user's zone, so "yesterday" means the user's
 * yesterday, not 24 hours back.
 */
export function formatRelative(value: DateInput, user: FormatUser, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date) return NO_DATE;
  const { locale, timeZone } = userIntl(user);
  const rtf = relativeFormatter(locale);
  const diff = date.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < 45_000) return rtf.format(0, 'second');
  if (abs < 45 * MINUTE) return rtf.format(Math.round(diff / MINUTE) || Math.sign(diff), 'minute');
  const days = dayNumber(date, timeZone) - dayNumber(now, timeZone);
  if (abs < 12 * HOUR || (days === 0 && abs < 24 * HOUR))
    return rtf.format(Math.round(diff / HOUR) || Math.sign(diff), 'hour');
  if (Math.abs(days) < 7) return rtf.format(days, 'day');
  if (Math.abs(days) < 28) return rtf.format(Math.round(days / 7), 'week');
  const months = monthNumber(dayNumber(date, timeZone)) - monthNumber(dayNumber(now, timeZone));
  if (Math.abs(months) < 12) return rtf.format(months || Math.sign(days), 'month');
  return rtf.format(Math.round(months / 12), 'year');
}
