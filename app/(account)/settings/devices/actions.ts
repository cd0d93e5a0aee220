'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { success } from '@/lib/actions/result';
import { devicesSchema } from '@/lib/preferences/devices-schema';
import * as preferences from '@/lib/preferences/update';

export const saveDevices = userAction(devicesSchema, async (input, { db, current }) => {
  await preferences.saveDevices(db, current.user, input);
  revalidatePath('/settings/devices');
  return success('devices.saved');
});
