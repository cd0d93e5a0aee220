import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';
import { DEFAULT_MFA_GRACE_DAYS, MFA_GRACE_DAYS, type MfaGraceDays } from '../security/mfa-requirement';

export const IDLE_MINUTES = { min: 5, max: 1440 } as const;
export const LIFETIME_HOURS = { min: 1, max: 720 } as const;

const inRange = (n: number, r: { min: number; max: number }) => Number.isInteger(n) && n >= r.min && n <= r.max;

/** A ticked box posts "on" without JavaScript; react-hook-form hands over true. */
const box = fields.checkbox();

/** Whole numbers typed into a field: FormData and react-hook-form both deliver strings. */
const wholeNumber = (min: number, max: number, rangeKey: string) =>
  z.pipe(
    z.transform((v: unknown) =>
      typeof v === 'string'
        ? v.trim() === ''
          ? undefined
          : /^\d{1,7}$/.test(v.trim())
            ? Number(v.trim())
            : Number.NaN
        : v,
    ),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'errors.required' : rangeKey) })
      .check(z.int(rangeKey), z.gte(min, rangeKey), z.lte(max, rangeKey)),
  );

/** A choice of the select; a form without the select (an old page) gets the default. */
const graceDays = z.pipe(
  z.transform((v: unknown) => (v === undefined || v === '' ? String(DEFAULT_MFA_GRACE_DAYS) : v)),
  z.pipe(
    z.enum(
      MFA_GRACE_DAYS.map(String) as [`${MfaGraceDays}`, ...Array<`${MfaGraceDays}`>],
      'orgSecurity.errors.graceDays',
    ),
    z.transform((v) => Number(v) as MfaGraceDays),
  ),
);

export const securityPolicySchema = z
  .object({
    requireMfa: box,
    /** Days until the requirement closes the gate, counted from when it is turned on. */
    mfaGraceDays: graceDays,
    /** The admin turning it on without two-factor of their own has read the warning naming them. */
    confirmOwnMfa: box,
    sessionIdleMinutes: wholeNumber(IDLE_MINUTES.min, IDLE_MINUTES.max, 'orgSecurity.errors.idleRange'),
    sessionAbsoluteHours: wholeNumber(LIFETIME_HOURS.min, LIFETIME_HOURS.max, 'orgSecurity.errors.lifetimeRange'),
  })
  // Compared only when both are in range: an out-of-range value already has its own error.
  .check(
    z.refine(
      (d) =>
        !inRange(d.sessionIdleMinutes, IDLE_MINUTES) ||
        !inRange(d.sessionAbsoluteHours, LIFETIME_HOURS) ||
        d.sessionAbsoluteHours * 60 >= d.sessionIdleMinutes,
      {
        path: ['sessionAbsoluteHours'],
        message: 'orgSecurity.errors.lifetimeShorterThanIdle',
      },
    ),
  );
export type SecurityPolicyValues = Record<string, string | boolean | undefined>;
export type SecurityPolicyInput = z.output<typeof securityPolicySchema>;
