// Next.js parses a server action's multipart body with its own copy of busboy; proxy.ts checks
// such a body with that same parser, so both agree on what is malformed.
declare module 'next/dist/compiled/busboy' {
  import type { Readable, Writable } from 'node:stream';

  type FileInfo = { filename: string; encoding: string; mimeType: string };

  interface Busboy extends Writable {
    on(event: 'field', listener: (name: string, value: string) => void): this;
    on(event: 'file', listener: (name: string, stream: Readable, info: FileInfo) => void): this;
    on(event: 'close' | 'finish', listener: () => void): this;
    on(event: 'error', listener: (error: unknown) => void): this;
  }

  export default function busboy(options: {
    headers: Record<string, string>;
    defParamCharset?: string;
    limits?: { fieldSize?: number };
  }): Busboy;
}
