import { z } from '@/lib/actions/zod';

import { isLocalDateTime } from './local-time';
import { AVAILABILITY_OPTIONS } from './status';

export const statusSchema = z.object({
  availability: z.enum(AVAILABILITY_OPTIONS, { error: 'availability.errors.status' }),
});
export type StatusValues = z.input<typeof statusSchema>;
export type StatusInput = z.output<typeof statusSchema>;

const localDateTime = z.pipe(
  z.optional(
    z.string().check(
      z.trim(),
      z.maxLength(32, { message: 'errors.tooLong', abort: true }),
      z.refine((value) => value === '' || isLocalDateTime(value), 'availability.errors.dateTime'),
    ),
  ),
  z.transform((value: string | undefined) => value ?? ''),
);

/**
 * Both ends or neither (neither clears the period). Values share one zone, so comparing the
 * strings compares the times; updateAwayPeriod compares the instants again after conversion.
 */
export const awayPeriodSchema = z.object({ awayFrom: localDateTime, awayUntil: localDateTime }).check(
  z.superRefine(({ awayFrom, awayUntil }, ctx) => {
    if (awayFrom && !awayUntil)
      ctx.addIssue({ code: 'custom', path: ['awayUntil'], message: 'availability.errors.untilMissing' });
    if (!awayFrom && awayUntil)
      ctx.addIssue({ code: 'custom', path: ['awayFrom'], message: 'availability.errors.fromMissing' });
    // An unreadable end already has its own error; comparing it would only add noise.
    if (isLocalDateTime(awayFrom) && isLocalDateTime(awayUntil) && awayUntil <= awayFrom) {
      ctx.addIssue({ code: 'custom', path: ['awayUntil'], message: 'availability.errors.order' });
    }
  }),
);
export type AwayPeriodValues = z.input<typeof awayPeriodSchema>;
export type AwayPeriodInput = z.output<typeof awayPeriodSchema>;

export const clearAwayPeriodSchema = z.object({});
export type ClearAwayPeriodInput = z.output<typeof clearAwayPeriodSchema>;
