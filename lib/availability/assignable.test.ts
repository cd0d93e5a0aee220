import { describe, expect, it } from 'vitest';

import { assignableReason, isAssignable, isAwayAt, type AssignableUser } from './assignable';

const from = new Date('2030-01-01T08:00:00.000Z');
const until = new Date('2030-01-10T17:00:00.000Z');
const base: AssignableUser = { status: 'active', availability: 'online', awayFrom: null, awayUntil: null };
const away: AssignableUser = { ...base, awayFrom: from, awayUntil: until };
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

describe('isAssignable', () => {
  it('accepts an active, online user without an away period', () => {
    expect(isAssignable(base, from)).toBe(true);
  });

  it('refuses an offline user: only Online receives work', () => {
    expect(isAssignable({ ...base, availability: 'offline' }, from)).toBe(false);
  });

  it('refuses an unavailable user', () => {
    expect(isAssignable({ ...base, availability: 'unavailable' }, from)).toBe(false);
  });

  it.each(['invited', 'deactivated'] as const)('refuses a %s account whatever its availability', (status) => {
    expect(isAssignable({ ...base, status }, from)).toBe(false);
    expect(isAssignable({ ...base, status, availability: 'offline' }, from)).toBe(false);
  });

  it('is away from the first instant (inclusive) to the last (exclusive)', () => {
    expect(isAssignable(away, ms(from, -1))).toBe(true);
    expect(isAssignable(away, from)).toBe(false);
    expect(isAssignable(away, ms(from, 1))).toBe(false);
    expect(isAssignable(away, ms(until, -1))).toBe(false);
    expect(isAssignable(away, until)).toBe(true);
    expect(isAssignable(away, ms(until, 1))).toBe(true);
  });

  it('lets an unavailable status win over being outside the away period', () => {
    expect(isAssignable({ ...away, availability: 'unavailable' }, ms(until, 1))).toBe(false);
  });

  it('names the reason: the account first, then the away period, then the status', () => {
    expect(assignableReason(base, from)).toBe('assignable');
    expect(assignableReason({ ...base, availability: 'offline' }, from)).toBe('offline');
    expect(assignableReason({ ...base, availability: 'unavailable' }, from)).toBe('unavailable');
    expect(assignableReason({ ...away, availability: 'offline' }, from)).toBe('away');
    expect(assignableReason({ ...away, availability: 'offline' }, until)).toBe('offline');
    expect(assignableReason({ ...away, status: 'deactivated' }, from)).toBe('inactive');
  });
});

describe('isAwayAt with only one end stored', () => {
  it('treats a lone start as open-ended', () => {
    const user = { awayFrom: from, awayUntil: null };
    expect(isAwayAt(user, ms(from, -1))).toBe(false);
    expect(isAwayAt(user, from)).toBe(true);
    expect(isAwayAt(user, new Date('2100-01-01T00:00:00Z'))).toBe(true);
  });

  it('treats a lone end as away until then', () => {
    const user = { awayFrom: null, awayUntil: until };
    expect(isAwayAt(user, new Date('2000-01-01T00:00:00Z'))).toBe(true);
    expect(isAwayAt(user, ms(until, -1))).toBe(true);
    expect(isAwayAt(user, until)).toBe(false);
  });

  it('is never away without a period', () => {
    expect(isAwayAt({ awayFrom: null, awayUntil: null }, from)).toBe(false);
  });
});
