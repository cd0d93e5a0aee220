import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Executor } from '@/db';
import { users } from '@/db/schema';

import { audit } from '../audit/log';
import { MAX_PHOTO_BYTES, processPhoto } from '../files/image';
import { cropOf } from '../files/photo-schema';
import { deleteImages, saveImage } from '../files/storage';
import type { AccountUser, AuditMeta } from './account-user';
import type { ProfilePhotoInput, RemoveProfilePhotoInput } from './photo-schema';

type Actor = Pick<AccountUser, 'id' | 'orgId'>;
const own = (actor: Actor) => and(eq(users.id, actor.id), eq(users.orgId, actor.orgId));

/** The user's row, locked so two uploads at once cannot both keep their file. */
async function lockPhotoFileId(tx: Executor, actor: Actor): Promise<string | null> {
  const [row] = await tx.select({ photoFileId: users.photoFileId }).from(users).where(own(actor)).for('update');
  return row?.photoFileId ?? null;
}

async function setPhotoFileId(tx: Executor, actor: Actor, photoFileId: string | null) {
  await tx.update(users).set({ photoFileId, updatedAt: new Date() }).where(own(actor));
}

export type ProfilePhotoResult = { ok: true; fileId: string } | { ok: false; error: 'invalidFile' };

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
  // Refused before a byte is read.
  if (input.photo.size > MAX_PHOTO_BYTES) return { ok: false, error: 'invalidFile' };
  const processed = await processPhoto(Buffer.from(await input.photo.arrayBuffer()), cropOf(input));
  if (!processed.ok) return { ok: false, error: 'invalidFile' };

  const { id, afterCommit } = await db.transaction(async (tx) => {
    const previous = await lockPhotoFileId(tx, actor);
    const { id } = await saveImage({ orgId: actor.orgId, ownerUserId: actor.id, variants: processed.variants }, tx);
    const removed = previous ? await deleteImages(tx, { orgId: actor.orgId, ids: [previous] }) : null;
    await setPhotoFileId(tx, actor, id);
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'profile.photo_updated',
      targetType: 'user',
      targetId: actor.id,
      data: {
        fileId: id,
        replacedFileId: previous,
        source: { format: processed.format, width: processed.width, height: processed.height },
        crop: processed.crop,
      },
      meta,
    });
    return { id, afterCommit: removed?.afterCommit };
  });
  await afterCommit?.();
  return { ok: true, fileId: id };
}

/** Removes the acting user's photo, if there is one, and its files after the commit. */
export async function removeProfilePhoto(
  db: Executor,
  actor: Actor,
  _input: RemoveProfilePhotoInput,
  meta: AuditMeta,
): Promise<{ ok: true; removed: boolean }> {
  const afterCommit = await db.transaction(async (tx) => {
    const previous = await lockPhotoFileId(tx, actor);
    if (!previous) return null;
    const removed = await deleteImages(tx, { orgId: actor.orgId, ids: [previous] });
    await setPhotoFileId(tx, actor, null);
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'profile.photo_removed',
      targetType: 'user',
      targetId: actor.id,
      data: { fileId: previous },
      meta,
    });
    return removed.afterCommit;
  });
  await afterCommit?.();
  return { ok: true, removed: afterCommit !== null };
}
