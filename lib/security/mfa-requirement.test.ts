import { describe, expect, it } from 'vitest';

import { mfaDeadline, mfaRequirement, mfaSetupEnforced } from './mfa-requirement';

const now = new Date('2026-03-10T12:00:00Z');
const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000);

describe('mfaRequirement', () => {
  it.each([
    // requireMfa, deadline, has two-factor → what is asked
    [false, null, false, 'none'],
    [false, inHours(5), false, 'none'],
    [true, null, true, 'none'],
    [true, inHours(5), true, 'none'],
    [true, null, false, 'enforced'],
    [true, inHours(-1), false, 'enforced'],
    [true, now, false, 'enforced'],
    [true, inHours(1), false, 'grace'],
  ] as const)('require=%s deadline=%s mfa=%s → %s', (requireMfa, deadline, mfaEnabled, kind) => {
    const got = mfaRequirement({ requireMfa, mfaRequiredFrom: deadline }, { mfaEnabled }, now);
    expect(got.kind).toBe(kind);
    if (got.kind === 'grace') expect(got.deadline).toEqual(deadline);
    expect(mfaSetupEnforced({ requireMfa, mfaRequiredFrom: deadline }, { mfaEnabled }, now)).toBe(kind === 'enforced');
  });

  it('closes the gate at the deadline as the clock moves on', () => {
    const deadline = mfaDeadline(3, now)!;
    const org = { requireMfa: true, mfaRequiredFrom: deadline };
    const at = (h: number) => mfaRequirement(org, { mfaEnabled: false }, inHours(h)).kind;
    expect(at(0)).toBe('grace');
    expect(at(71)).toBe('grace');
    expect(at(72)).toBe('enforced');
    expect(at(200)).toBe('enforced');
  });
});

describe('mfaDeadline', () => {
  it('counts whole days from now; none means at once', () => {
    expect(mfaDeadline(0, now)).toBeNull();
    expect(mfaDeadline(1, now)).toEqual(inHours(24));
    expect(mfaDeadline(7, now)).toEqual(inHours(168));
  });
});
