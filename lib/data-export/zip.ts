import 'server-only';

import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** Where the archive's bytes go as they are produced (a BlobWriter). */
export type ZipSink = { write: (piece: Uint8Array) => Promise<void> };

const encoder = new TextEncoder();

/**
 * A ZIP archive written a file (and a piece of a file) at a time: each piece is compressed as it
 * is added and its bytes handed to the sink before the next is read, so a long list is never held
 * in memory whole.
 */
export class ZipStream {
  private readonly zip: Zip;
  private pending: Uint8Array[] = [];
  private error: Error | null = null;

  constructor(private readonly sink: ZipSink) {
    this.zip = new Zip((error, chunk) => {
      if (error) this.error = error;
      else this.pending.push(chunk);
    });
  }

  /** Hands what the archive produced so far to the sink. */
  private async drain(): Promise<void> {
    if (this.error) throw this.error;
    const pieces = this.pending;
    this.pending = [];
    for (const piece of pieces) await this.sink.write(piece);
  }

  /** A text file, compressed, written from pieces as they come. */
  async text(name: string, pieces: AsyncIterable<string> | Iterable<string>): Promise<void> {
    const file = new ZipDeflate(name, { level: 6 });
    this.zip.add(file);
    for await (const piece of pieces) {
      if (!piece) continue;
      file.push(encoder.encode(piece));
      await this.drain();
    }
    file.push(new Uint8Array(0), true);
    await this.drain();
  }

  /** A file stored as it is (an image is compressed already). */
  async binary(name: string, bytes: Uint8Array): Promise<void> {
    const file = new ZipPassThrough(name);
    this.zip.add(file);
    file.push(bytes, true);
    await this.drain();
  }

  /** Writes the archive's directory: the archive is complete. */
  async end(): Promise<void> {
    this.zip.end();
    await this.drain();
  }
}

/** A value as pretty JSON text. */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * A JSON array written item by item from batches (`[`, the items, `]`), so the list never needs
 * to be in memory at once.
 */
export async function* jsonArray<T>(batches: AsyncIterable<readonly T[]>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const batch of batches) {
    let text = '';
    for (const item of batch) {
      text += `${first ? '\n' : ',\n'}${JSON.stringify(item, null, 2).replace(/^/gm, '  ')}`;
      first = false;
    }
    yield text;
  }
  yield first ? ']\n' : '\n]\n';
}

/** `{ ...head, [key]: [items…] }` as JSON text, the list written from batches as `jsonArray` does. */
export async function* jsonObjectWithList<T>(
  head: Record<string, unknown>,
  key: string,
  batches: AsyncIterable<readonly T[]>,
): AsyncGenerator<string> {
  const opening = JSON.stringify(head, null, 2);
  const inner = opening === '{}' ? '{\n' : `${opening.slice(0, -2)},\n`;
  yield `${inner}  ${JSON.stringify(key)}: `;
  for await (const piece of jsonArray(batches)) yield piece.replace(/\n(?!$)/g, '\n  ').replace(/\n$/, '');
  yield '\n}\n';
}
