import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '@/db';
import { files } from '@/db/schema';
import { log } from '../log';
import type { ImageVariant } from './image';

export type { ImageVariant };
export type SaveImageInput = { orgId: string; ownerUserId: string | null; variants: ImageVariant[] };
export type StoredFile = { id: string; orgId: string; contentType: string; size: number; data: Buffer | null; url: string | null };
export type Backend = 'database' | 'uploadthing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isFileId(value: string): boolean {
  return UUID.test(value);
}

/** UploadThing when a token is configured, else the bytes live in PostgreSQL. */
export function imageBackend(env: Record<string, string | undefined> = process.env): Backend {
  return env.UPLOADTHING_TOKEN?.trim() ? 'uploadthing' : 'database';
}

/**
 * One row per image: the largest variant. Smaller variants are not kept — a 256 px WebP is a few
 * kilobytes, and one id per image keeps serving, replacing and deleting simple.
 */
function primary(variants: ImageVariant[]): ImageVariant {
  if (!variants.length) throw new Error('saveImage needs at least one variant.');
  return variants.reduce((a, b) => (b.size > a.size ? b : a));
}

/**
 * Stores an image and returns its file id. With UploadThing the bytes are uploaded first and the
 * row keeps only the URL; the row is written with `tx`, so it exists exactly when the caller's
 * change commits.
 */
export async function saveImage(input: SaveImageInput, tx: Executor): Promise<{ id: string }> {
  const image = primary(input.variants);
  const row = { orgId: input.orgId, ownerUserId: input.ownerUserId, contentType: image.contentType, size: image.data.length };
  if (imageBackend() === 'database') {
    const [saved] = await tx.insert(files).values({ ...row, data: image.data }).returning({ id: files.id });
    return saved;
  }
  const id = randomUUID();
  const { uploadToUploadThing } = await import('./uploadthing-store');
  const url = await uploadToUploadThing({ id, ...image });
  try {
    await tx.insert(files).values({ ...row, id, data: null, url });
  } catch (error) {
    await purgeRemote([id]);
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
export async function deleteImages(tx: Executor, input: { orgId: string; ids: string[] }): Promise<{ deleted: string[]; afterCommit: () => Promise<void> }> {
  const ids = input.ids.filter(isFileId);
  if (!ids.length) return { deleted: [], afterCommit: async () => {} };
  const rows = await tx
    .delete(files)
    .where(and(eq(files.orgId, input.orgId), inArray(files.id, ids)))
    .returning({ id: files.id, url: files.url });
  const remote = rows.filter((r) => r.url).map((r) => r.id);
  return { deleted: rows.map((r) => r.id), afterCommit: () => purgeRemote(remote) };
}

/** A file of the organization, or null (unknown id, malformed id, or another organization's). */
export async function readImage(db: Executor, input: { orgId: string; id: string }): Promise<StoredFile | null> {
  if (!isFileId(input.id)) return null;
  const [row] = await db
    .select({ id: files.id, orgId: files.orgId, contentType: files.contentType, size: files.size, data: files.data, url: files.url })
    .from(files)
    .where(and(eq(files.id, input.id), eq(files.orgId, input.orgId)));
  return row ?? null;
}
