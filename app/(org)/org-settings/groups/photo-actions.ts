'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';

import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import type { MessageKey } from '@/lib/i18n/message';
import { actorOf } from '@/lib/org/actor';
import {
  removeGroupPhoto as remove,
  replaceGroupPhoto,
  type GroupPhotoResult,
  type GroupPhotoUpload,
} from '@/lib/org/group-admin';
import { groupOnlySchema, groupPhotoSchema } from '@/lib/org/group-schemas';

import { groupPath, GROUPS_PATH } from './paths';

const INVALID_FILE = 'groups.errors.photoInvalid';

function answer(result: GroupPhotoResult | GroupPhotoUpload, groupId: string, done: MessageKey) {
  if (!result.ok) {
    if (result.error === 'notFound') notFound();
    return failure(INVALID_FILE, { photo: [INVALID_FILE] });
  }
  revalidatePath(groupPath(groupId));
  revalidatePath(GROUPS_PATH);
  // An image under the recommended size is saved all the same; the answer says so, as a warning.
  if ('small' in result && result.small) {
    return success(
      { key: 'photo.uploadedSmall', values: { width: result.width, height: result.height } },
      { warning: 'small' },
    );
  }
  return success(done);
}

/** The square chosen in the cropper, or the centre square without JavaScript (as for the profile photo). */
export const uploadGroupPhoto = orgAction('groups.manage', groupPhotoSchema, async (input, { db, current, meta }) =>
  answer(await replaceGroupPhoto(db, actorOf(current), input, meta), input.groupId, 'groups.photoUploaded'),
);

export const removeGroupPhoto = orgAction('groups.manage', groupOnlySchema, async (input, { db, current, meta }) =>
  answer(await remove(db, actorOf(current), input, meta), input.groupId, 'groups.photoRemoved'),
);
