import { describe, expect, it } from 'vitest';

import { formatDate, formatDateTime, formatRelative, NO_DATE, userIntl } from './format';

// ICU puts narrow no-break spaces before AM/PM; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const NOON_UTC = new Date('2025-01-15T12:00:00Z');

describe('formatDateTime', () => {
  it("shows a moment in the user's zone and language", () => {
    expect(plain(formatDateTime(NOON_UTC, { locale: 'en', timeZone: 'UTC' }))).toBe('Jan 15, 2025, 12:00 PM');
    expect(plain(formatDateTime(NOON_UTC, { locale: 'en', timeZone: 'Asia/Tokyo' }))).toBe('Jan 15, 2025, 9:00 PM');
    expect(formatDateTime(NOON_UTC, { locale: 'de', timeZone: 'Europe/Berlin' })).toBe('15.01.2025, 13:00');
    expect(formatDateTime(NOON_UTC, { locale: 'ru', timeZone: 'Europe/Moscow' })).toMatch(/^15 янв\. 2025 г\., 15:00$/);
  });

  it('accepts ISO strings and epoch milliseconds', () => {
    const user = { locale: 'de', timeZone: 'UTC' };
    expect(formatDateTime('2025-01-15T12:00:00Z', user)).toBe('15.01.2025, 12:00');
    expect(formatDateTime(NOON_UTC.getTime(), user)).toBe('15.01.2025, 12:00');
  });

  it('uses UTC until the user has a zone, and for a zone Intl rejects', () => {
    expect(formatDateTime(NOON_UTC, { locale: 'de', timeZone: null })).toBe('15.01.2025, 12:00');
    expect(formatDateTime(NOON_UTC, { locale: 'de', timeZone: 'Mars/Olympus_Mons' })).toBe('15.01.2025, 12:00');
    expect(formatDateTime(NOON_UTC, { locale: 'de', timeZone: '' })).toBe('15.01.2025, 12:00');
  });

  it('falls back to English for a language the interface does not speak, even a malformed one', () => {
    expect(plain(formatDateTime(NOON_UTC, { locale: 'fr', timeZone: 'UTC' }))).toBe('Jan 15, 2025, 12:00 PM');
    expect(plain(formatDateTime(NOON_UTC, { locale: 'not a locale!', timeZone: 'UTC' }))).toBe(
      'Jan 15, 2025, 12:00 PM',
    );
    expect(plain(formatDateTime(NOON_UTC, { locale: '', timeZone: 'UTC' }))).toBe('Jan 15, 2025, 12:00 PM');
  });

  it('shows a dash for a missing or unparseable value instead of throwing', () => {
    const user = { locale: 'en', timeZone: 'UTC' };
    expect(formatDateTime(null, user)).toBe(NO_DATE);
    expect(formatDateTime(undefined, user)).toBe(NO_DATE);
    expect(formatDateTime('yesterday-ish', user)).toBe(NO_DATE);
    expect(formatDateTime(new Date(Number.NaN), user)).toBe(NO_DATE);
  });
});

describe('formatDate', () => {
  it("shows the day a moment falls on in the user's zone", () => {
    const lateEvening = new Date('2025-01-15T23:30:00Z');
    expect(formatDate(lateEvening, { locale: 'de', timeZone: 'UTC' })).toBe('15.01.2025');
    expect(formatDate(lateEvening, { locale: 'de', timeZone: 'Asia/Tokyo' })).toBe('16.01.2025');
  });

  it('keeps a calendar date on its day in every zone', () => {
    expect(formatDate('1990-05-01', { locale: 'de', timeZone: 'America/Los_Angeles' })).toBe('01.05.1990');
    expect(formatDate('1990-05-01', { locale: 'en', timeZone: 'Pacific/Kiritimati' })).toBe('May 1, 1990');
    expect(formatDate('1990-13-45', { locale: 'en', timeZone: 'UTC' })).toBe(NO_DATE);
  });
});

describe('formatRelative', () => {
  const now = new Date('2025-03-10T12:00:00Z');
  const en = { locale: 'en', timeZone: 'UTC' };
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;

  it('picks a unit that reads naturally', () => {
    expect(formatRelative(ago(10_000), en, now)).toBe('now');
    expect(formatRelative(ago(5 * MIN), en, now)).toBe('5 minutes ago');
    expect(formatRelative(new Date(now.getTime() + 3 * HOUR), en, now)).toBe('in 3 hours');
    expect(formatRelative(ago(DAY), en, now)).toBe('yesterday');
    expect(formatRelative(ago(3 * DAY), en, now)).toBe('3 days ago');
    expect(formatRelative(ago(14 * DAY), en, now)).toBe('2 weeks ago');
    expect(formatRelative(ago(60 * DAY), en, now)).toBe('2 months ago');
    expect(formatRelative(ago(800 * DAY), en, now)).toBe('2 years ago');
  });

  it("counts days on the user's calendar once hours stop reading well", () => {
    // 16:00 UTC on the 9th is 01:00 on the 10th in Tokyo; 05:00 UTC on the 10th is 14:00 there.
    const then = new Date('2025-03-09T16:00:00Z');
    const later = new Date('2025-03-10T05:00:00Z');
    expect(formatRelative(then, { locale: 'en', timeZone: 'Asia/Tokyo' }, later)).toBe('13 hours ago');
    expect(formatRelative(then, { locale: 'en', timeZone: 'UTC' }, later)).toBe('yesterday');
    expect(formatRelative(new Date('2025-03-09T23:50:00Z'), en, new Date('2025-03-10T09:30:00Z'))).toBe('10 hours ago');
  });

  it("speaks the user's language", () => {
    expect(formatRelative(ago(DAY), { locale: 'de', timeZone: 'UTC' }, now)).toBe('gestern');
    expect(formatRelative(ago(5 * MIN), { locale: 'ru', timeZone: 'UTC' }, now)).toBe('5 минут назад');
    expect(formatRelative('garbage', en, now)).toBe(NO_DATE);
  });
});

describe('userIntl', () => {
  it('normalises what the row holds', () => {
    expect(userIntl({ locale: 'ru', timeZone: 'Europe/Moscow' })).toEqual({ locale: 'ru', timeZone: 'Europe/Moscow' });
    expect(userIntl({ locale: 'xx', timeZone: 'Nowhere/Atlantis' })).toEqual({ locale: 'en', timeZone: 'UTC' });
  });
});
