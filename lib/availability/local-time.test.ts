import { describe, expect, it } from 'vitest';

import { dateToLocalInput, isLocalDateTime, localInputToDate, safeTimeZone } from './local-time';

const iso = (value: string, zone: string | null) => localInputToDate(value, zone)?.toISOString() ?? null;

describe('localInputToDate', () => {
  it('reads the wall clock in the given zone, winter and summer', () => {
    expect(iso('2030-01-01T09:00', 'Europe/Berlin')).toBe('2030-01-01T08:00:00.000Z');
    expect(iso('2030-07-01T09:00', 'Europe/Berlin')).toBe('2030-07-01T07:00:00.000Z');
    expect(iso('2030-01-01T09:00', 'America/New_York')).toBe('2030-01-01T14:00:00.000Z');
    expect(iso('2030-01-01T09:00', 'Asia/Kolkata')).toBe('2030-01-01T03:30:00.000Z');
  });

  it('uses UTC for a missing or unknown zone', () => {
    expect(iso('2030-01-01T09:00', null)).toBe('2030-01-01T09:00:00.000Z');
    expect(iso('2030-01-01T09:00', 'Mars/Olympus')).toBe('2030-01-01T09:00:00.000Z');
  });

  it('keeps seconds when given', () => {
    expect(iso('2030-01-01T09:00:30', 'UTC')).toBe('2030-01-01T09:00:30.000Z');
  });

  it('picks the earlier instant in the repeated hour when clocks go back', () => {
    // Berlin leaves summer time at 03:00 CEST on 27 Oct 2030; 02:30 happens twice.
    expect(iso('2030-10-27T02:30', 'Europe/Berlin')).toBe('2030-10-27T00:30:00.000Z');
  });

  it('moves a time skipped when clocks go forward past the gap', () => {
    // 31 Mar 2030 in Berlin jumps from 02:00 to 03:00; 02:30 does not exist.
    expect(iso('2030-03-31T02:30', 'Europe/Berlin')).toBe('2030-03-31T01:30:00.000Z');
    expect(dateToLocalInput(localInputToDate('2030-03-31T02:30', 'Europe/Berlin')!, 'Europe/Berlin')).toBe(
      '2030-03-31T03:30',
    );
  });

  it.each([
    '',
    '2030-01-01',
    '2030-02-30T10:00',
    '2030-13-01T10:00',
    '2030-01-01T24:00',
    '1969-12-31T23:59',
    '2030-01-01 09:00',
    'x',
  ])('refuses %j', (value) => {
    expect(localInputToDate(value, 'UTC')).toBeNull();
    expect(isLocalDateTime(value)).toBe(false);
  });

  it('accepts leap days in leap years only', () => {
    expect(isLocalDateTime('2028-02-29T12:00')).toBe(true);
    expect(isLocalDateTime('2030-02-29T12:00')).toBe(false);
  });
});

describe('dateToLocalInput', () => {
  it('shows the instant on the zone’s wall clock', () => {
    const instant = new Date('2030-01-01T08:00:00Z');
    expect(dateToLocalInput(instant, 'Europe/Berlin')).toBe('2030-01-01T09:00');
    expect(dateToLocalInput(instant, null)).toBe('2030-01-01T08:00');
    expect(dateToLocalInput(instant, 'Pacific/Kiritimati')).toBe('2030-01-01T22:00');
  });

  it('round-trips with localInputToDate', () => {
    for (const zone of ['Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'UTC']) {
      for (const value of ['2030-01-15T00:00', '2030-06-15T23:59', '2030-10-01T12:34']) {
        expect(dateToLocalInput(localInputToDate(value, zone)!, zone), `${zone} ${value}`).toBe(value);
      }
    }
  });
});

describe('safeTimeZone', () => {
  it('keeps known zones and falls back to UTC', () => {
    expect(safeTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(safeTimeZone('')).toBe('UTC');
    expect(safeTimeZone('Nowhere/Else')).toBe('UTC');
  });
});
