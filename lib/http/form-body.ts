import busboy from 'next/dist/compiled/busboy';

import { isDecodableCall, isDecodableFormPost, isDecodableTextCall } from './react-reply';

/**
 * Pure checks of a form post's body for proxy.ts. Next.js decodes a server-action body after the
 * proxy, and answers anything its decoder cannot read with a 500; these checks refuse such a body
 * first, with a 400 or 413, while every body a browser or React sends passes unchanged.
 */

/** The server-action body limit (next.config.mjs `serverActions.bodySizeLimit`). */
export const FORM_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** The `boundary` parameter of a multipart Content-Type, or null (RFC 2046: 1 to 70 characters). */
export function multipartBoundary(contentType: string): string | null {
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return value.length >= 1 && value.length <= 70 ? value : null;
  }
  return null;
}

/**
 * What Next.js's client sends to a server action: the arguments as multipart form data when one
 * holds form data (a form's call), else as JSON text (`text/plain`). The multipart type is
 * spelled exactly as Next.js tests it (lowercase, case-sensitive), with a boundary; any other
 * spelling makes Next read the body as JSON text. Anything else is no call of ours.
 */
export function actionBodyKind(contentType: string | null): 'multipart' | 'text' | null {
  if (contentType === null) return null;
  if (contentType.startsWith('multipart/form-data'))
    return multipartBoundary(contentType) !== null ? 'multipart' : null;
  return contentType.split(';')[0].trim().toLowerCase() === 'text/plain' ? 'text' : null;
}

/**
 * The body as bytes, or 'too-large' as soon as it passes `limit` (the rest is never kept). A
 * declared Content-Length is not needed: a chunked body is counted as it arrives.
 */
export async function readBodyWithin(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | 'too-large'> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: the cancel of one branch of a teed stream settles only with the other's.
      reader.cancel().catch(() => {});
      return 'too-large';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export type FormBodyVerdict = 'ok' | 'malformed' | 'too-large';

/** A call sent as JSON text (see actionBodyKind), read within the limit and checked as React will decode it. */
export async function checkTextCall(
  body: ReadableStream<Uint8Array> | null,
  actionId: string,
  limit = FORM_BODY_LIMIT_BYTES,
): Promise<FormBodyVerdict> {
  const bytes = await readBodyWithin(body, limit);
  if (bytes === 'too-large') return 'too-large';
  // Next.js decodes it as UTF-8 the same forgiving way.
  return isDecodableTextCall(new TextDecoder().decode(bytes), actionId) ? 'ok' : 'malformed';
}

/**
 * The fields of a script's call as Next.js will see them: parsed by the same busboy, with the
 * same options, as the body arrives (files are counted, not kept). Null when busboy fails on it,
 * or when a file is base64-encoded, which React's decoder refuses with a throw.
 */
async function busboyFields(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  limit: number,
): Promise<FormData | 'too-large' | null> {
  let parser: ReturnType<typeof busboy>;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      defParamCharset: 'utf8',
      limits: { fieldSize: limit },
    });
  } catch {
    return null; // no boundary, or not multipart at all
  }
  const fields = new FormData();
  let failed = false;
  const done = new Promise<void>((resolve) => {
    parser.on('field', (name, value) => fields.append(name, value));
    parser.on('file', (name, stream, info) => {
      if (info.encoding.toLowerCase() === 'base64') failed = true;
      fields.append(name, new Blob([]));
      stream.resume();
    });
    parser.on('error', () => {
      failed = true;
      resolve();
    });
    parser.on('close', () => resolve());
  });
  let size = 0;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      size += value.byteLength;
      if (size > limit) {
        // Not awaited: the cancel of one branch of a teed stream settles only with the other's.
        reader.cancel().catch(() => {});
        parser.destroy();
        return 'too-large';
      }
      if (failed) continue; // read on: the size still decides between 400 and 413
      // A Buffer view, not a copy: busboy searches a Buffer several times faster.
      parser.write(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  if (failed) {
    parser.destroy();
    return null;
  }
  parser.end();
  await done;
  return failed ? null : fields;
}

/**
 * Reads a multipart body once, within the limit, and says whether Next.js will be able to decode
 * it: a script's call (`fetchAction`) with the busboy Next.js uses for it, a form posted without
 * JavaScript with `Request.formData()`, which Next.js uses for that, and then React's rows.
 */
export async function checkMultipartBody(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  { fetchAction, limit = FORM_BODY_LIMIT_BYTES }: { fetchAction: boolean; limit?: number },
): Promise<FormBodyVerdict> {
  if (fetchAction) {
    const fields = await busboyFields(body, contentType, limit);
    if (fields === 'too-large') return 'too-large';
    return fields && isDecodableCall(fields) ? 'ok' : 'malformed';
  }
  const bytes = await readBodyWithin(body, limit);
  if (bytes === 'too-large') return 'too-large';
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return 'malformed';
  }
  return isDecodableFormPost(form) ? 'ok' : 'malformed';
}
