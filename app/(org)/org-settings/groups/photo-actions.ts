'use server';

import { and, eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';
import { z } from 'zod';

import { getDb, type Executor } from '@/db';
import { groups } from '@/db/schema';
import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { MAX_PHOTO_BYTES, processPhoto } from '@/lib/files/image';
import { cropFields, cropOf, withCropRules } from '@/lib/files/photo-schema';
import { deleteImages, saveImage } from '@/lib/files/storage';
import { getGroup } from '@/lib/org/groups';

import { lockGroup } from './load';
import { groupPath, GROUPS_PATH } from './paths';
import { groupOnlySchema } from './schemas';

const INVALID_FILE = 'groups.errors.photoInvalid';

const uploadSchema = withCropRules(
  groupOnlySchema.extend({
    photo: z.custom<Blob>((value) => value instanceof Blob, { error: 'groups.errors.photoRequired' }),
    ...cropFields,
  }),
);

async function setPhoto(tx: Executor, orgId: string, groupId: string, photoFileId: string | null) {
  await tx
    .update(groups)
    .set({ photoFileId, updatedAt: new Date() })
    .where(and(eq(groups.id, groupId), eq(groups.orgId, orgId)));
}

/** The square chosen in the cropper, or the centre square without JavaScript (as for the profile photo). */
export const uploadGroupPhoto = orgAction('groups.manage', uploadSchema, async (input, { current, meta }) => {
  const { groupId, photo } = input;
  const { user, org } = current;
  // Refused before a byte is read.
  if (photo.size > MAX_PHOTO_BYTES) return failure(INVALID_FILE, { photo: [INVALID_FILE] });
  const db = await getDb();
  // The group is checked before the image is decoded, so a foreign id costs no processing.
  if (!(await getGroup(db, org.id, groupId))) notFound();
  const processed = await processPhoto(Buffer.from(await photo.arrayBuffer()), cropOf(input));
  if (!processed.ok) return failure(INVALID_FILE, { photo: [INVALID_FILE] });

  const afterCommit = await db.transaction(async (tx) => {
    const group = await lockGroup(tx, org.id, groupId);
    const { id } = await saveImage({ orgId: org.id, ownerUserId: null, variants: processed.variants }, tx);
    const removed = group.photoFileId ? await deleteImages(tx, { orgId: org.id, ids: [group.photoFileId] }) : null;
    await setPhoto(tx, org.id, group.id, id);
    await audit(tx, {
      orgId: org.id,
      actorUserId: user.id,
      action: 'group.updated',
      targetType: 'group',
      targetId: group.id,
      data: { fields: ['photo'], fileId: id, replacedFileId: group.photoFileId, crop: processed.crop },
      meta,
    });
    return removed?.afterCommit;
  });
  await afterCommit?.();
  revalidatePath(groupPath(groupId));
  revalidatePath(GROUPS_PATH);
  return success('groups.photoUploaded');
});

export const removeGroupPhoto = orgAction('groups.manage', groupOnlySchema, async ({ groupId }, { current, meta }) => {
  const { user, org } = current;
  const db = await getDb();
  const afterCommit = await db.transaction(async (tx) => {
    const group = await lockGroup(tx, org.id, groupId);
    if (!group.photoFileId) return undefined;
    const removed = await deleteImages(tx, { orgId: org.id, ids: [group.photoFileId] });
    await setPhoto(tx, org.id, group.id, null);
    await audit(tx, {
      orgId: org.id,
      actorUserId: user.id,
      action: 'group.updated',
      targetType: 'group',
      targetId: group.id,
      data: { fields: ['photo'], fileId: null, replacedFileId: group.photoFileId },
      meta,
    });
    return removed.afterCommit;
  });
  await afterCommit?.();
  revalidatePath(groupPath(groupId));
  revalidatePath(GROUPS_PATH);
  return success('groups.photoRemoved');
});
