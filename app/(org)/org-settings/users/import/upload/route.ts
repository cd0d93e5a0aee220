import { setFlash } from '@/lib/http/flash';
import { BAD_REQUEST_MESSAGE, wrongOriginText } from '@/lib/http/refusals';
import { routeHandler } from '@/lib/http/route-handler';
import { isSameOriginRequest, trustedOrigins } from '@/lib/http/security-headers';
import { seeOther } from '@/lib/http/see-other';
import type { MessageKey } from '@/lib/i18n/message';
import { uploadImportFile } from '@/lib/import/start';
import { actorOf } from '@/lib/org/actor';

import { IMPORT_PATH, mappingPath, UPLOAD_BODY_MAX_BYTES } from '../paths';

/**
 * The upload of the import page's form. A route handler rather than a server action: actions
 * take at most 8 MB, an import file up to 50 MB. It checks the session and `import.run` like any
 * route, and the origin as proxy.ts does for every form post: the route keeps its own guard
 * should the proxy ever pass its uploads through untouched.
 */

/** Back to the form, which shows the message under the file field. */
async function backWith(key: MessageKey): Promise<Response> {
  await setFlash(IMPORT_PATH, { status: 'error', key });
  return seeOther(IMPORT_PATH);
}

const APP_ORIGIN = new URL(process.env.APP_URL || 'http://localhost:3000').origin;

/** A post from our own pages only (the same rule and trusted origins as proxy.ts). */
function fromOurPages(request: Request): boolean {
  const trusted = trustedOrigins({
    appOrigin: APP_ORIGIN,
    listenOrigin: new URL(request.url).origin,
    appUrlSet: Boolean(process.env.APP_URL),
    dev: process.env.NODE_ENV === 'development',
  });
  return isSameOriginRequest(request.headers, trusted);
}

const wrongOrigin = (request: Request) =>
  new Response(wrongOriginText(APP_ORIGIN, request.headers.get('accept-language')), {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });

const badRequest = () =>
  new Response(BAD_REQUEST_MESSAGE, {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * The body as it arrives, cut off with an error once it passes `limit`, so a body sent without a
 * Content-Length is held to the limit too; `passed()` tells that error from a malformed body.
 */
function within(body: ReadableStream<Uint8Array>, limit: number) {
  let size = 0;
  const stream = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) controller.error(new Error('upload too large'));
        else controller.enqueue(chunk);
      },
    }),
  );
  return { stream, passed: () => size > limit };
}

/** A web stream as the async iterable the file store reads. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export const POST = routeHandler({ permission: 'import.run' }, async (request, { db, current }) => {
  if (!fromOurPages(request)) return wrongOrigin(request);
  // Refused before a byte of the body is read.
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > UPLOAD_BODY_MAX_BYTES) return backWith('usersImport.errors.tooLarge');
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data') || !request.body) return badRequest();

  const body = within(request.body, UPLOAD_BODY_MAX_BYTES);
  let form: FormData;
  try {
    form = await new Response(body.stream, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return body.passed() ? backWith('usersImport.errors.tooLarge') : badRequest();
  }

  const file = form.get('file');
  if (!(file instanceof File) || !file.name) return backWith('usersImport.errors.fileRequired');
  const result = await uploadImportFile(db, actorOf(current), { name: file.name, stream: chunksOf(file.stream()) });
  if (!result.ok) return backWith(result.error);
  return seeOther(mappingPath(result.preview.blobId));
});

/** The address itself, or the proxy's answer to a post over its limit: the import page. */
export const GET = routeHandler({ permission: 'import.run' }, async (request) => {
  const tooLarge = new URL(request.url).searchParams.get('tooLarge') === '1';
  return seeOther(tooLarge ? `${IMPORT_PATH}?tooLarge=1` : IMPORT_PATH);
});
