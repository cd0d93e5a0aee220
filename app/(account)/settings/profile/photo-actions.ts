'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { userAction, userFormAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { removeProfilePhoto, replaceProfilePhoto } from '@/lib/profile/photo';
import { profilePhotoSchema, removeProfilePhotoSchema } from '@/lib/profile/photo-schema';

import { PHOTO_EDITOR_PATH } from './photo/paths';

const INVALID_FILE = 'photo.invalidFile';

/**
 * Always the signed-in user's own photo: no id in the form is read. An image under the recommended
 * 200 × 200 pixels is saved all the same; the answer says so (`values.warning`, shown as a warning).
 */
export const uploadPhoto = userAction(profilePhotoSchema, async (input, { db, current, meta }) => {
  const result = await replaceProfilePhoto(db, current.user, input, meta);
  if (!result.ok) return failure(INVALID_FILE, { photo: [INVALID_FILE] });
  // The header's avatar is in the root layout.
  revalidatePath('/', 'layout');
  if (result.small) {
    return success(
      { key: 'photo.uploadedSmall', values: { width: result.width, height: result.height } },
      { warning: 'small' },
    );
  }
  return success('photo.uploaded');
});

/** "Remove photo" confirmed in the editor's dialog (with JavaScript). */
export const removePhoto = userAction(removeProfilePhotoSchema, async (input, { db, current, meta }) => {
  await removeProfilePhoto(db, current.user, input, meta);
  revalidatePath('/', 'layout');
  return success('photo.removed');
});

/** "Remove photo" confirmed on the confirmation page (without JavaScript): back to the editor. */
export const removePhotoConfirmed = userFormAction(removeProfilePhotoSchema, async (input, { db, current, meta }) => {
  await removeProfilePhoto(db, current.user, input, meta);
  revalidatePath('/', 'layout');
  await setFlash(PHOTO_EDITOR_PATH, { status: 'success', key: 'photo.removed' });
  redirect(PHOTO_EDITOR_PATH);
});
