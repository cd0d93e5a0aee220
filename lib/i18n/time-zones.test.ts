import { describe, expect, it } from 'vitest';

import {
  canonicalTimeZone,
  formatUtcOffset,
  isTimeZone,
  timeZoneIds,
  timeZoneLabel,
  timeZoneOptions,
  utcOffsetMinutes,
} from './time-zones';

const WINTER = new Date('2025-01-15T12:00:00Z');
const SUMMER = new Date('2025-07-15T12:00:00Z');

describe('the zone list', () => {
  it('holds every IANA zone the runtime knows, plus UTC, once each', () => {
    const ids = timeZoneIds();
    expect(ids).toContain('Europe/Berlin');
    expect(ids).toContain('America/New_York');
    expect(ids).toContain('UTC');
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.length).toBeGreaterThan(300);
  });

  it('labels each zone with its offset at that moment and sorts by offset, then name', () => {
    const winter = timeZoneOptions('en', WINTER);
    const summer = timeZoneOptions('en', SUMMER);
    expect(winter.find((o) => o.id === 'Europe/Berlin')?.label).toBe('(UTC+01:00) Europe/Berlin');
    expect(summer.find((o) => o.id === 'Europe/Berlin')?.label).toBe('(UTC+02:00) Europe/Berlin');
    expect(winter.find((o) => o.id === 'UTC')?.label).toBe('(UTC+00:00) UTC');
    expect(winter.find((o) => o.id === 'America/St_Johns')?.label).toBe('(UTC-03:30) America/St_Johns');
    const kathmandu = canonicalTimeZone('Asia/Kathmandu'); // Asia/Katmandu in older ICU
    expect(winter.find((o) => o.id === kathmandu)?.label).toBe(`(UTC+05:45) ${kathmandu}`);
    expect(winter.length).toBe(timeZoneIds().length);
    for (let i = 1; i < winter.length; i++) {
      const [a, b] = [winter[i - 1], winter[i]];
      expect(
        a.offsetMinutes < b.offsetMinutes || (a.offsetMinutes === b.offsetMinutes && a.id < b.id),
        `${a.id} before ${b.id}`,
      ).toBe(true);
    }
    expect(winter[0].offsetMinutes).toBe(-11 * 60);
    expect(winter.at(-1)?.offsetMinutes).toBe(14 * 60);
  });

  it("names zones in the user's language to help searching", () => {
    expect(timeZoneOptions('de', WINTER).find((o) => o.id === 'Europe/Berlin')?.name).toBe('Mitteleuropäische Zeit');
    expect(timeZoneOptions('en', WINTER).find((o) => o.id === 'America/New_York')?.name).toBe('Eastern Time');
  });
});

describe('offsets', () => {
  it('reads the offset of a zone, DST included', () => {
    expect(utcOffsetMinutes('UTC', WINTER)).toBe(0);
    expect(utcOffsetMinutes('Asia/Tokyo', WINTER)).toBe(540);
    expect(utcOffsetMinutes('America/New_York', WINTER)).toBe(-300);
    expect(utcOffsetMinutes('America/New_York', SUMMER)).toBe(-240);
    expect(utcOffsetMinutes('Asia/Kolkata', WINTER)).toBe(330);
    expect(utcOffsetMinutes('Not/AZone', WINTER)).toBe(0);
  });

  it('formats offsets with two-digit hours and minutes and an ASCII sign', () => {
    expect(formatUtcOffset(0)).toBe('UTC+00:00');
    expect(formatUtcOffset(60)).toBe('UTC+01:00');
    expect(formatUtcOffset(-210)).toBe('UTC-03:30');
    expect(formatUtcOffset(345)).toBe('UTC+05:45');
    expect(formatUtcOffset(-600)).toBe('UTC-10:00');
    expect(timeZoneLabel('Asia/Tokyo', WINTER)).toBe('(UTC+09:00) Asia/Tokyo');
  });
});

describe('validation', () => {
  it('accepts listed zones and refuses the rest', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });

  it("maps another spelling of a listed zone to the list's spelling", () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
    // Whichever of the old and new names this ICU lists, both land on it.
    const kyiv = canonicalTimeZone('Europe/Kyiv');
    expect(kyiv).toMatch(/^Europe\/Ki?y?ev$|^Europe\/Kyiv$/);
    expect(canonicalTimeZone('Europe/Kiev')).toBe(kyiv);
    expect(isTimeZone(kyiv)).toBe(true);
  });

  it('refuses what is not a zone', () => {
    expect(canonicalTimeZone('Europe/Atlantis')).toBeNull();
    expect(canonicalTimeZone('Etc/GMT+5')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
    expect(canonicalTimeZone('x'.repeat(200))).toBeNull();
    expect(canonicalTimeZone(undefined)).toBeNull();
  });
});
