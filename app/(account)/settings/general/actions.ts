'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { users } from '@/db/schema';
import { userAction } from '@/lib/actions/define';
import { success } from '@/lib/actions/result';
import { choiceToAnimations } from '@/lib/preferences/appearance';

import { appearanceSchema, dashboardDefaultsSchema } from './schemas';

export const updateDashboardDefaults = userAction(dashboardDefaultsSchema, async (input, { current }) => {
  const db = await getDb();
  await db
    .update(users)
    .set({ dashboardDefaults: { ...current.user.dashboardDefaults, ...input }, updatedAt: new Date() })
    .where(eq(users.id, current.user.id));
  revalidatePath('/settings/general');
  return success('general.dashboardSaved');
});

/** Theme and motion are classes on <html>, rendered by the root layout: refresh every page. */
export const updateAppearance = userAction(appearanceSchema, async (input, { current }) => {
  const db = await getDb();
  await db
    .update(users)
    .set({ theme: input.theme, animations: choiceToAnimations(input.animations), updatedAt: new Date() })
    .where(eq(users.id, current.user.id));
  revalidatePath('/', 'layout');
  return success('general.appearanceSaved');
});
