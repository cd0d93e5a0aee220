import 'server-only';

import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';

import type { Executor } from '@/db';
import { files } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { log } from '../log';
import type { ImageVariant } from './image';

export type { ImageVariant };
export type SaveImageInput = { orgId: string; ownerUserId: string | null; variants: ImageVariant[] };
export type StoredFile = {
  id: string;
  orgId: string;
  contentType: string;
  size: number;
  data: Buffer | null;
  url: string | null;
};
/** `full` is the largest variant; `thumb` the small one, when the image has it. */
export type ImageSize = 'full' | 'thumb';
export type Backend = 'database' | 'uploadthing';

export function isFileId(value: string): boolean {
  return isUuid(value);
}

/** UploadThing when a token is configured, else the bytes live in PostgreSQL. */
export function imageBackend(env: Record<string, string | undefined> = process.env): Backend {
  return env.UPLOADTHING_TOKEN?.trim() ? 'uploadthing' : 'database';
}

/**
 * One row per image, one id: the largest variant, and the smallest as its thumbnail when there
 * are two or more (variants in between are not kept). One id keeps serving, replacing and
 * deleting simple.
 */
function pickVariants(variants: ImageVariant[]): { full: ImageVariant; thumb: ImageVariant | null } {
  if (!variants.length) throw new Error('saveImage needs at least one variant.');
  const full = variants.reduce((a, b) => (b.size > a.size ? b : a));
  const thumb = variants.reduce((a, b) => (b.size < a.size ? b : a));
  return { full, thumb: thumb === full ? null : thumb };
}

/** UploadThing's custom id of the thumbnail of file `id`. */
const thumbKey = (id: string) => `${id}-thumb`;

/**
 * Stores an image and returns its file id. With UploadThing the bytes are uploaded first and the
 * row keeps only the URL; the row is written with `tx`, so it exists exactly when the caller's
 * change commits.
 */
export async function saveImage(input: SaveImageInput, tx: Executor): Promise<{ id: string }> {
  const { full, thumb } = pickVariants(input.variants);
  const row = {
    orgId: input.orgId,
    ownerUserId: input.ownerUserId,
    contentType: full.contentType,
    size: full.data.length,
  };
  if (imageBackend() === 'database') {
    const [saved] = await tx
      .insert(files)
      .values({ ...row, data: full.data, thumbData: thumb?.data ?? null })
      .returning({ id: files.id });
    return saved;
  }
  const id = randomUUID();
  const { uploadToUploadThing } = await import('./uploadthing-store');
  const uploaded: string[] = [];
  try {
    const url = await uploadToUploadThing({ id, ...full });
    uploaded.push(id);
    const thumbUrl = thumb ? await uploadToUploadThing({ id: thumbKey(id), ...thumb }) : null;
    if (thumb) uploaded.push(thumbKey(id));
    await tx.insert(files).values({ ...row, id, data: null, url, thumbUrl });
  } catch (error) {
    await purgeRemote(uploaded);
    throw error;
  }
  return { id };
}

async function purgeRemote(ids: string[]): Promise<void> {
  if (!ids.length) return;
  if (imageBackend() !== 'uploadthing') {
    log.warn({ ids }, 'files stored with UploadThing were deleted but no token is configured to remove them there');
    return;
  }
  try {
    const { deleteFromUploadThing } = await import('./uploadthing-store');
    await deleteFromUploadThing(ids);
  } catch (error) {
    log.warn({ ids, err: String(error) }, 'could not delete files from UploadThing');
  }
}

/**
 * Deletes the organization's file rows among `ids` (ids of another organization match nothing).
 * Files kept with UploadThing are removed there by `afterCommit`, once the rows are surely gone.
 */
export async function deleteImages(
  tx: Executor,
  input: { orgId: string; ids: string[] },
): Promise<{ deleted: string[]; afterCommit: () => Promise<void> }> {
  const ids = input.ids.filter(isFileId);
  if (!ids.length) return { deleted: [], afterCommit: async () => {} };
  const rows = await tx
    .delete(files)
    .where(and(eq(files.orgId, input.orgId), inArray(files.id, ids)))
    .returning({ id: files.id, url: files.url, thumbUrl: files.thumbUrl });
  const remote = rows.flatMap((r) => [...(r.url ? [r.id] : []), ...(r.thumbUrl ? [thumbKey(r.id)] : [])]);
  return { deleted: rows.map((r) => r.id), afterCommit: () => purgeRemote(remote) };
}

/** A file of the organization, or null (unknown id, malformed id, or another organization's). */
export async function readImage(
  db: Executor,
  input: { orgId: string; id: string; size?: ImageSize },
): Promise<(StoredFile & { variant: ImageSize }) | null> {
  if (!isFileId(input.id)) return null;
  const wantsThumb = input.size === 'thumb';
  // Only the bytes asked for leave the database; the thumbnail falls back to the full image.
  const [row] = await db
    .select({
      id: files.id,
      orgId: files.orgId,
      contentType: files.contentType,
      size: files.size,
      data: wantsThumb
        ? sql<Buffer | null>`coalesce(${files.thumbData}, ${files.data})`.mapWith(files.data)
        : files.data,
      url: wantsThumb ? sql<string | null>`coalesce(${files.thumbUrl}, ${files.url})` : files.url,
      hasThumb: sql<boolean>`(${files.thumbData} is not null or ${files.thumbUrl} is not null)`,
    })
    .from(files)
    .where(and(eq(files.id, input.id), eq(files.orgId, input.orgId)));
  if (!row) return null;
  const { hasThumb, ...file } = row;
  return { ...file, variant: wantsThumb && hasThumb ? 'thumb' : 'full' };
}
