import 'server-only';

import type { Executor } from '@/db';

import { isSmallPhoto } from '../files/image-sizes';
import { removePhoto, replacePhoto } from '../photos/replace';
import type { AccountUser, AuditMeta } from './account-user';
import type { ProfilePhotoInput, RemoveProfilePhotoInput } from './photo-schema';

type Actor = Pick<AccountUser, 'id' | 'orgId'>;

/**
 * `small`: the image is below the recommended 200 × 200 pixels. It is saved all the same (enlarged);
 * the caller says so, with `width` and `height` as uploaded.
 */
export type ProfilePhotoResult =
  { ok: true; fileId: string; small: boolean; width: number; height: number } | { ok: false; error: 'invalidFile' };

/**
 * Always the acting user's own photo. Without a crop (no JavaScript) the centre square is used.
 * The previous photo's files are removed once the new one is committed.
 */
export async function replaceProfilePhoto(
  db: Executor,
  actor: Actor,
  input: ProfilePhotoInput,
  meta: AuditMeta,
): Promise<ProfilePhotoResult> {
  const result = await replacePhoto(
    db,
    actor,
    {
      holder: { kind: 'user', id: actor.id },
      upload: input,
      action: 'profile.photo_updated',
      auditData: ({ fileId, replacedFileId, photo }) => ({
        fileId,
        replacedFileId,
        source: { format: photo.format, width: photo.width, height: photo.height },
        crop: photo.crop,
      }),
    },
    meta,
  );
  if (result.ok) {
    const { width, height } = result.source;
    return { ok: true, fileId: result.fileId, small: isSmallPhoto(width, height), width, height };
  }
  if (result.error === 'invalidFile') return result;
  // The session loaded the actor's row, and users are deactivated, never deleted.
  throw new Error('The acting user has no row to hold the photo.');
}

/** Removes the acting user's photo, if there is one, and its files after the commit. */
export async function removeProfilePhoto(
  db: Executor,
  actor: Actor,
  _input: RemoveProfilePhotoInput,
  meta: AuditMeta,
): Promise<{ ok: true; removed: boolean }> {
  const result = await removePhoto(
    db,
    actor,
    {
      holder: { kind: 'user', id: actor.id },
      action: 'profile.photo_removed',
      auditData: ({ replacedFileId }) => ({ fileId: replacedFileId }),
    },
    meta,
  );
  return { ok: true, removed: result.ok && result.removed };
}
