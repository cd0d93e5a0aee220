import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Executor } from '@/db';
import { groups, users } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { audit, type AuditEntry } from '../audit/log';
import { MAX_PHOTO_BYTES, processPhoto, type ProcessedPhoto } from '../files/image';
import { cropOf } from '../files/photo-schema';
import { deleteImages, saveImage } from '../files/storage';

/**
 * The one way a photo is replaced or removed, a user's own and a group's alike: the file row, the
 * holder's reference to it, the previous file and the audit row change in one transaction, and
 * the previous file's remote copies go once it has committed. Who may change the photo is the
 * caller's to check; how the audit row reads is the caller's to say.
 */

const HOLDERS = {
  // The acting user's own row: it exists, and the file is theirs.
  user: { table: users, ownsFile: true, lookFirst: false },
  // A group named by a form: looked up before the image is decoded, so a foreign id costs no processing.
  group: { table: groups, ownsFile: false, lookFirst: true },
} as const;

/** The row that references the photo, always looked up within the actor's organization. */
export type PhotoHolder = { kind: keyof typeof HOLDERS; id: string };
type Actor = { id: string; orgId: string };
type Meta = AuditEntry['meta'];
type Change<Data> = {
  holder: PhotoHolder;
  action: AuditEntry['action'];
  auditData: (change: Data) => Record<string, unknown>;
};
type Replaced = { fileId: string; replacedFileId: string | null; photo: Extract<ProcessedPhoto, { ok: true }> };
type Upload = { photo: Blob; cropX?: number; cropY?: number; cropSize?: number };

/** `source` is the uploaded image's size, upright, before cropping: the caller may warn when it is small. */
export type ReplacePhotoResult =
  | { ok: true; fileId: string; source: { width: number; height: number } }
  | { ok: false; error: 'invalidFile' }
  | { ok: false; error: 'notFound' };
export type RemovePhotoResult = { ok: true; removed: boolean } | { ok: false; error: 'notFound' };

/** With `lock` the row stays locked, so two uploads at once cannot both keep their file. */
async function findHolder(db: Executor, orgId: string, { kind, id }: PhotoHolder, lock: boolean) {
  if (!isUuid(id)) return null;
  const { table } = HOLDERS[kind];
  const query = db
    .select({ id: table.id, photoFileId: table.photoFileId })
    .from(table)
    .where(and(eq(table.id, id), eq(table.orgId, orgId)));
  const [row] = await (lock ? query.for('update') : query);
  // The id as the row spells it, which is what the audit row keeps.
  return row ? { holder: { kind, id: row.id }, previous: row.photoFileId } : null;
}

/** Points the holder at `photoFileId` and writes the audit row. */
async function swapPhoto<Data>(
  tx: Executor,
  actor: Actor,
  { holder, action, auditData }: Change<Data>,
  photoFileId: string | null,
  data: Data,
  meta: Meta,
) {
  const { table } = HOLDERS[holder.kind];
  await tx
    .update(table)
    .set({ photoFileId, updatedAt: new Date() })
    .where(and(eq(table.id, holder.id), eq(table.orgId, actor.orgId)));
  await audit(tx, {
    orgId: actor.orgId,
    actorUserId: actor.id,
    action,
    targetType: holder.kind,
    targetId: holder.id,
    data: auditData(data),
    meta,
  });
}

/** Without a crop (no JavaScript) the centre square is used. */
export async function replacePhoto(
  db: Executor,
  actor: Actor,
  { upload, ...change }: Change<Replaced> & { upload: Upload },
  meta: Meta,
): Promise<ReplacePhotoResult> {
  // Refused before a byte is read.
  if (upload.photo.size > MAX_PHOTO_BYTES) return { ok: false, error: 'invalidFile' };
  const { ownsFile, lookFirst } = HOLDERS[change.holder.kind];
  if (lookFirst && !(await findHolder(db, actor.orgId, change.holder, false))) return { ok: false, error: 'notFound' };
  const photo = await processPhoto(Buffer.from(await upload.photo.arrayBuffer()), cropOf(upload));
  if (!photo.ok) return { ok: false, error: 'invalidFile' };

  const outcome = await db.transaction(async (tx) => {
    const found = await findHolder(tx, actor.orgId, change.holder, true);
    if (!found) return null;
    const { holder, previous } = found;
    const ownerUserId = ownsFile ? holder.id : null;
    const { id } = await saveImage({ orgId: actor.orgId, ownerUserId, variants: photo.variants }, tx);
    const removed = previous ? await deleteImages(tx, { orgId: actor.orgId, ids: [previous] }) : null;
    await swapPhoto(tx, actor, { ...change, holder }, id, { fileId: id, replacedFileId: previous, photo }, meta);
    return { fileId: id, afterCommit: removed?.afterCommit };
  });
  if (!outcome) return { ok: false, error: 'notFound' };
  await outcome.afterCommit?.();
  return { ok: true, fileId: outcome.fileId, source: { width: photo.width, height: photo.height } };
}

/** Removes the holder's photo, if there is one. */
export async function removePhoto(
  db: Executor,
  actor: Actor,
  change: Change<{ replacedFileId: string }>,
  meta: Meta,
): Promise<RemovePhotoResult> {
  const outcome = await db.transaction(async (tx) => {
    const found = await findHolder(tx, actor.orgId, change.holder, true);
    if (!found) return null;
    const { holder, previous } = found;
    if (!previous) return { removed: false };
    const removed = await deleteImages(tx, { orgId: actor.orgId, ids: [previous] });
    await swapPhoto(tx, actor, { ...change, holder }, null, { replacedFileId: previous }, meta);
    return { removed: true, afterCommit: removed.afterCommit };
  });
  if (!outcome) return { ok: false, error: 'notFound' };
  await outcome.afterCommit?.();
  return { ok: true, removed: outcome.removed };
}
