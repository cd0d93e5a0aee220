import { z } from '@/lib/actions/zod';

import { LOCALES } from '../i18n/config';

/**
 * The zone is only shaped here: the list of zones is the server's ICU, which a browser's may
 * not match, so updateRegional checks membership. '' means "not chosen yet" (shown as UTC).
 */
const timeZone = z
  .string({ error: 'regional.timeZoneUnknown' })
  .check(z.trim(), z.maxLength(64, 'regional.timeZoneUnknown'));

export const regionalSchema = z.object({
  locale: z.enum(LOCALES, { error: 'regional.languageUnknown' }),
  timeZone,
});
export type RegionalValues = z.input<typeof regionalSchema>;
export type RegionalInput = z.output<typeof regionalSchema>;

export const detectedTimeZoneSchema = z.object({
  timeZone: timeZone.check(z.minLength(1, 'regional.timeZoneUnknown')),
});
export type DetectedTimeZoneInput = z.output<typeof detectedTimeZoneSchema>;
