'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { detectedTimeZoneSchema, regionalSchema } from '@/lib/preferences/regional-schemas';
import * as preferences from '@/lib/preferences/update';

/** Language and zone shape every page (the root layout reads both), so all of them refresh. */
export const updateRegional = userAction(regionalSchema, async (input, { db, current, meta, values }) => {
  const result = await preferences.updateRegional(db, current.user, input, meta);
  if (!result.ok) return failure('errors.checkFields', { timeZone: ['regional.timeZoneUnknown'] }, values);
  if (result.changed) revalidatePath('/', 'layout');
  // Said in the language just chosen, not the one the request arrived in.
  return success({ key: 'regional.saved', locale: input.locale });
});

export const acceptDetectedTimeZone = userAction(detectedTimeZoneSchema, async (input, { db, current, meta }) => {
  const result = await preferences.acceptDetectedTimeZone(db, current.user, input, meta);
  if (!result.ok) return failure('regional.timeZoneUnknown');
  if (!result.saved) return success('regional.prompt.alreadySet');
  revalidatePath('/', 'layout');
  return success({ key: 'regional.prompt.saved', values: { zone: result.timeZone } });
});
