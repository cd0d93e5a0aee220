'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { removeProfilePhoto, replaceProfilePhoto } from '@/lib/profile/photo';
import { profilePhotoSchema, removeProfilePhotoSchema } from '@/lib/profile/photo-schema';

const INVALID_FILE = 'photo.invalidFile';

/** Always the signed-in user's own photo: no id in the form is read. */
export const uploadPhoto = userAction(profilePhotoSchema, async (input, { db, current, meta }) => {
  const result = await replaceProfilePhoto(db, current.user, input, meta);
  if (!result.ok) return failure(INVALID_FILE, { photo: [INVALID_FILE] });
  // The header's avatar is in the root layout.
  revalidatePath('/', 'layout');
  return success('photo.uploaded');
});

export const removePhoto = userAction(removeProfilePhotoSchema, async (input, { db, current, meta }) => {
  await removeProfilePhoto(db, current.user, input, meta);
  revalidatePath('/', 'layout');
  return success('photo.removed');
});
