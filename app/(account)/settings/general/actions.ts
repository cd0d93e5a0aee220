'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { success } from '@/lib/actions/result';
import { appearanceSchema, dashboardDefaultsSchema } from '@/lib/preferences/general-schemas';
import * as preferences from '@/lib/preferences/update';

export const updateDashboardDefaults = userAction(dashboardDefaultsSchema, async (input, { db, current }) => {
  await preferences.updateDashboardDefaults(db, current.user, input);
  revalidatePath('/settings/general');
  return success('general.dashboardSaved');
});

/** Theme and motion are classes on <html>, rendered by the root layout: refresh every page. */
export const updateAppearance = userAction(appearanceSchema, async (input, { db, current }) => {
  await preferences.updateAppearance(db, current.user, input);
  revalidatePath('/', 'layout');
  return success('general.appearanceSaved');
});
