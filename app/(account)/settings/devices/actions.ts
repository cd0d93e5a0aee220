'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { users } from '@/db/schema';
import type { DevicePreferences } from '@/db/schema/users';
import { userAction } from '@/lib/actions/define';
import { success } from '@/lib/actions/result';

import { devicesSchema, type SavedDevices } from './schemas';

export const saveDevices = userAction(devicesSchema, async (input, { current }) => {
  // The system default is stored as "no choice", and a label without its id means nothing.
  const devices: SavedDevices = {};
  if (input.microphoneId) {
    devices.microphoneId = input.microphoneId;
    if (input.microphoneLabel) devices.microphoneLabel = input.microphoneLabel;
  }
  if (input.speakerId) {
    devices.speakerId = input.speakerId;
    if (input.speakerLabel) devices.speakerLabel = input.speakerLabel;
  }
  const stored: DevicePreferences = devices;
  const db = await getDb();
  await db.update(users).set({ devices: stored, updatedAt: new Date() }).where(eq(users.id, current.user.id));
  revalidatePath('/settings/devices');
  return success('devices.saved');
});
