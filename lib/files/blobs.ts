import 'server-only';

import { and, asc, eq, gt, sql } from 'drizzle-orm';

import type { Executor } from '@/db';
import { blobChunks, blobs } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { pullStream } from '../http/stream';

/** Each chunk is one row: small enough to keep memory flat, large enough to keep rows few. */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

export type BlobInfo = typeof blobs.$inferSelect;
type NewBlob = { orgId: string; ownerUserId: string | null; name: string; contentType: string };

export class BlobTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than ${limit} bytes.`);
  }
}

/**
 * Writes a file a chunk at a time as it arrives, then marks it complete. Past `maxBytes` it stops
 * reading, removes what it wrote and throws BlobTooLarge.
 */
export async function saveBlob(
  db: Executor,
  input: NewBlob,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<BlobInfo> {
  const writer = await BlobWriter.open(db, input);
  try {
    for await (const piece of source) {
      if (writer.size + piece.length > maxBytes) throw new BlobTooLarge(maxBytes);
      await writer.write(piece);
    }
    return await writer.close();
  } catch (error) {
    await writer.discard();
    throw error;
  }
}

/** An export or report written as it is produced; readable once `close` marked it complete. */
export class BlobWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  size = 0;

  private constructor(
    private readonly db: Executor,
    readonly id: string,
  ) {}

  static async open(db: Executor, input: NewBlob): Promise<BlobWriter> {
    const [row] = await db.insert(blobs).values(input).returning({ id: blobs.id });
    return new BlobWriter(db, row.id);
  }

  async write(piece: Uint8Array | string): Promise<void> {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.size += bytes.length;
    if (this.pendingBytes >= BLOB_CHUNK_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.pendingBytes) return;
    const data = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    for (let at = 0; at < data.length; at += BLOB_CHUNK_BYTES) {
      await this.db
        .insert(blobChunks)
        .values({ blobId: this.id, seq: this.seq++, data: data.subarray(at, at + BLOB_CHUNK_BYTES) });
    }
  }

  async close(): Promise<BlobInfo> {
    await this.flush();
    const [row] = await this.db
      .update(blobs)
      .set({ size: this.size, complete: true })
      .where(eq(blobs.id, this.id))
      .returning();
    return row;
  }

  async discard(): Promise<void> {
    await this.db.delete(blobs).where(eq(blobs.id, this.id));
  }
}

/** A complete file of the organization, or null (unknown, malformed, unfinished, another organization's). */
export async function findBlob(db: Executor, orgId: string, id: string): Promise<BlobInfo | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select()
    .from(blobs)
    .where(and(eq(blobs.id, id), eq(blobs.orgId, orgId), eq(blobs.complete, true)))
    .limit(1);
  return row ?? null;
}

/** The file's bytes, one chunk in memory at a time. */
export async function* readBlob(db: Executor, id: string): AsyncGenerator<Buffer> {
  for (let seq = -1; ;) {
    const [chunk] = await db
      .select({ seq: blobChunks.seq, data: blobChunks.data })
      .from(blobChunks)
      .where(and(eq(blobChunks.blobId, id), gt(blobChunks.seq, seq)))
      .orderBy(asc(blobChunks.seq))
      .limit(1);
    if (!chunk) return;
    seq = chunk.seq;
    yield chunk.data;
  }
}

/** The first `bytes` bytes (from the first chunk: enough to tell a file's encoding and columns). */
export async function blobHead(db: Executor, id: string, bytes: number): Promise<Buffer> {
  const [chunk] = await db
    .select({ data: sql<Buffer>`substring(${blobChunks.data} from 1 for ${bytes})`.mapWith(blobChunks.data) })
    .from(blobChunks)
    .where(and(eq(blobChunks.blobId, id), eq(blobChunks.seq, 0)));
  return chunk?.data ?? Buffer.alloc(0);
}

/** A stream for a Response body. */
export function blobStream(db: Executor, id: string): ReadableStream<Uint8Array> {
  return pullStream(
    (async function* () {
      for await (const chunk of readBlob(db, id)) yield new Uint8Array(chunk);
    })(),
  );
}
