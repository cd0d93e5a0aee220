import { PHOTO_THUMB_SIZE } from '@/lib/files/image-sizes';
import { readImage } from '@/lib/files/storage';
import { refusal, routeHandler } from '@/lib/http/route-handler';

export const dynamic = 'force-dynamic';

/**
 * A file id never changes its bytes (a new photo is a new id), so browsers may keep it for good.
 * Private: only members of the organization may see it, so no shared cache or CDN may store it.
 */
const IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * Images (profile and group photos) for signed-in members of the file's organization. Anyone
 * else — signed out, another organization, halfway through two-factor — gets the same 404 as
 * for an id that does not exist.
 */
export const GET = routeHandler<{ id: string }>({ beforeMfaSetup: true }, async (request, { db, current, params }) => {
  const { id } = params;
  // `?size=64` asks for the small variant; an image without one answers with the full size.
  const size = new URL(request.url).searchParams.get('size') === String(PHOTO_THUMB_SIZE) ? 'thumb' : 'full';
  const file = await readImage(db, { orgId: current.org.id, id, size });
  if (!file) return refusal(404);

  const etag = `"${file.id}${file.variant === 'thumb' ? '-thumb' : ''}"`;
  const headers = new Headers({
    'cache-control': IMMUTABLE,
    etag,
    'x-content-type-options': 'nosniff',
    // Should a browser ever render the bytes as a document, they get no script and no origin.
    'content-security-policy': "default-src 'none'; sandbox",
  });
  if (file.url) {
    headers.set('location', file.url);
    return new Response(null, { status: 302, headers });
  }
  if (!file.data) return refusal(404);
  if (
    request.headers
      .get('if-none-match')
      ?.split(',')
      .some((tag) => tag.trim().replace(/^W\//, '') === etag)
  ) {
    return new Response(null, { status: 304, headers });
  }
  headers.set('content-type', file.contentType);
  headers.set('content-length', String(file.data.length));
  return new Response(new Uint8Array(file.data), { status: 200, headers });
});
