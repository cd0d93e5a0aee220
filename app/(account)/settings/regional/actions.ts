'use server';

import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { detectedTimeZoneSchema, regionalSchema } from '@/lib/preferences/regional-schemas';
import * as preferences from '@/lib/preferences/update';

/** Language and zone shape every page (the root layout reads both), so all of them refresh. */
export const updateRegional = userAction(regionalSchema, async (input, { current, meta, values }) => {
  const result = await preferences.updateRegional(await getDb(), current.user, input, meta);
  if (!result.ok) return failure('errors.checkFields', { timeZone: ['regional.timeZoneUnknown'] }, values);
  if (result.changed) revalidatePath('/', 'layout');
  // Said in the language just chosen, not the one the request arrived in.
  return success({ key: 'regional.saved', locale: input.locale });
});

export const acceptDetectedTimeZone = userAction(detectedTimeZoneSchema, async (input, { current, meta }) => {
  const result = await preferences.acceptDetectedTimeZone(await getDb(), current.user, input, meta);
  if (!result.ok) return failure('regional.timeZoneUnknown');
  if (!result.saved) return success('regional.prompt.alreadySet');
  revalidatePath('/', 'layout');
  return success({ key: 'regional.prompt.saved', values: { zone: result.timeZone } });
});
