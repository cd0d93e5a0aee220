import { describe, expect, it } from 'vitest';

import { birthDateProblem, latestBirthDate } from './date-of-birth';

const today = new Date('2025-06-15T10:00:00Z');

describe('birthDateProblem', () => {
  it('accepts a real past day of someone at least 13', () => {
    expect(birthDateProblem('1990-02-28', today)).toBeNull();
    expect(birthDateProblem('2012-06-15', today)).toBeNull();
    expect(birthDateProblem('1900-01-02', today)).toBeNull();
  });

  it('refuses what is not a calendar day', () => {
    for (const bad of ['', '1990-02-30', '1990-13-01', '15.06.1990', '1990-6-1', '1990-06-01T00:00']) {
      expect(birthDateProblem(bad, today), bad).toBe('invalid');
    }
  });

  it('refuses 1900-01-01 and earlier, the future, and anyone younger than 13', () => {
    expect(birthDateProblem('1900-01-01', today)).toBe('tooEarly');
    expect(birthDateProblem('1066-10-14', today)).toBe('tooEarly');
    expect(birthDateProblem('2025-06-16', today)).toBe('future');
    expect(birthDateProblem('2012-06-16', today)).toBe('tooYoung');
    expect(birthDateProblem('2025-06-15', today)).toBe('tooYoung');
  });
});

describe('latestBirthDate', () => {
  it('is the same day 13 years back, or 28 February for a leap day', () => {
    expect(latestBirthDate(today)).toBe('2012-06-15');
    expect(latestBirthDate(new Date('2024-02-29T12:00:00Z'))).toBe('2011-02-28');
  });
});
