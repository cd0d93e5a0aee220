'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { awayPeriodSchema, clearAwayPeriodSchema, statusSchema } from '@/lib/availability/schemas';
import * as availability from '@/lib/availability/update';

const PAGE = '/settings/availability';

/** The status also shows on the header avatar of every page, hence the layout revalidation. */
export const updateStatus = userAction(statusSchema, async (input, { db, current, meta }) => {
  await availability.updateStatus(db, current.user, input, meta);
  revalidatePath('/', 'layout');
  return success('availability.statusSaved');
});

const AWAY_ERRORS = {
  dateTime: { awayFrom: ['availability.errors.dateTime'] },
  order: { awayUntil: ['availability.errors.order'] },
  untilPast: { awayUntil: ['availability.errors.untilPast'] },
} as const satisfies Record<availability.AwayPeriodError, Record<string, string[]>>;

export const updateAwayPeriod = userAction(awayPeriodSchema, async (input, { db, current, meta, values }) => {
  const result = await availability.updateAwayPeriod(db, current.user, input, meta);
  if (!result.ok) return failure('errors.checkFields', AWAY_ERRORS[result.error], values);
  revalidatePath(PAGE);
  return success(result.cleared ? 'availability.awayCleared' : 'availability.awaySaved');
});

export const clearAwayPeriod = userAction(clearAwayPeriodSchema, async (input, { db, current, meta }) => {
  await availability.clearAwayPeriod(db, current.user, input, meta);
  revalidatePath(PAGE);
  return success('availability.awayCleared');
});
