'use server';

import { and, eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { getDb, type Executor } from '@/db';
import { users } from '@/db/schema';
import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import type { CurrentUser } from '@/lib/auth/current';
import { MAX_PHOTO_BYTES, processPhoto } from '@/lib/files/image';
import { cropFields, cropOf, withCropRules } from '@/lib/files/photo-schema';
import { deleteImages, saveImage } from '@/lib/files/storage';

const INVALID_FILE = 'photo.invalidFile';
const uploadPhotoSchema = withCropRules(
  z.object({
    photo: z.custom<Blob>((value) => value instanceof Blob, { error: 'photo.required' }),
    ...cropFields,
  }),
);

/** The user's row, locked so two uploads at once cannot both keep their file. */
async function lockPhotoFileId(tx: Executor, { user, org }: CurrentUser): Promise<string | null> {
  const [row] = await tx
    .select({ photoFileId: users.photoFileId })
    .from(users)
    .where(and(eq(users.id, user.id), eq(users.orgId, org.id)))
    .for('update');
  return row?.photoFileId ?? null;
}

async function setPhotoFileId(tx: Executor, { user, org }: CurrentUser, photoFileId: string | null) {
  await tx
    .update(users)
    .set({ photoFileId, updatedAt: new Date() })
    .where(and(eq(users.id, user.id), eq(users.orgId, org.id)));
}

/**
 * Always the signed-in user's own photo: no id in the form is read. Without JavaScript no crop
 * fields arrive and the centre square is used.
 */
export const uploadPhoto = userAction(uploadPhotoSchema, async (input, { current, meta }) => {
  // Refused before a byte is read.
  if (input.photo.size > MAX_PHOTO_BYTES) return failure(INVALID_FILE, { photo: [INVALID_FILE] });
  const processed = await processPhoto(Buffer.from(await input.photo.arrayBuffer()), cropOf(input));
  if (!processed.ok) return failure(INVALID_FILE, { photo: [INVALID_FILE] });

  const { user, org } = current;
  const db = await getDb();
  const afterCommit = await db.transaction(async (tx) => {
    const previous = await lockPhotoFileId(tx, current);
    const { id } = await saveImage({ orgId: org.id, ownerUserId: user.id, variants: processed.variants }, tx);
    const removed = previous ? await deleteImages(tx, { orgId: org.id, ids: [previous] }) : null;
    await setPhotoFileId(tx, current, id);
    await audit(tx, {
      orgId: org.id,
      actorUserId: user.id,
      action: 'profile.photo_updated',
      targetType: 'user',
      targetId: user.id,
      data: {
        fileId: id,
        replacedFileId: previous,
        source: { format: processed.format, width: processed.width, height: processed.height },
        crop: processed.crop,
      },
      meta,
    });
    return removed?.afterCommit;
  });
  await afterCommit?.();
  // The header's avatar is in the root layout.
  revalidatePath('/', 'layout');
  return success('photo.uploaded');
});

export const removePhoto = userAction(z.object({}), async (_input, { current, meta }) => {
  const { user, org } = current;
  const db = await getDb();
  const afterCommit = await db.transaction(async (tx) => {
    const previous = await lockPhotoFileId(tx, current);
    if (!previous) return undefined;
    const removed = await deleteImages(tx, { orgId: org.id, ids: [previous] });
    await setPhotoFileId(tx, current, null);
    await audit(tx, {
      orgId: org.id,
      actorUserId: user.id,
      action: 'profile.photo_removed',
      targetType: 'user',
      targetId: user.id,
      data: { fileId: previous },
      meta,
    });
    return removed.afterCommit;
  });
  await afterCommit?.();
  revalidatePath('/', 'layout');
  return success('photo.removed');
});
