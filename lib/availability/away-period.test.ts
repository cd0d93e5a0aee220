import { describe, expect, it } from 'vitest';

import { awayPhase } from './away-period';

const from = new Date('2030-01-01T08:00:00Z');
const until = new Date('2030-01-02T08:00:00Z');

describe('awayPhase', () => {
  it('follows the same [from, until) boundaries as isAssignable', () => {
    expect(awayPhase(from, until, new Date(from.getTime() - 1))).toBe('upcoming');
    expect(awayPhase(from, until, from)).toBe('current');
    expect(awayPhase(from, until, new Date(until.getTime() - 1))).toBe('current');
    expect(awayPhase(from, until, until)).toBe('past');
  });

  it('is none without both ends', () => {
    expect(awayPhase(null, null, from)).toBe('none');
    expect(awayPhase(from, null, from)).toBe('none');
    expect(awayPhase(null, until, from)).toBe('none');
  });
});
