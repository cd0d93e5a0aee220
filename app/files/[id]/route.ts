import { getDb } from '@/db';
import { getCurrentSession } from '@/lib/auth/current';
import { PHOTO_THUMB_SIZE } from '@/lib/files/image-sizes';
import { readImage } from '@/lib/files/storage';

export const dynamic = 'force-dynamic';

/**
 * A file id never changes its bytes (a new photo is a new id), so browsers may keep it for good.
 * Private: only members of the organization may see it, so no shared cache or CDN may store it.
 */
const IMMUTABLE = 'private, max-age=31536000, immutable';

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    // Not cached: the same URL answers once the visitor signs in to the right organization.
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/**
 * Images (profile and group photos) for signed-in members of the file's organization. Anyone
 * else — signed out, another organization, halfway through two-factor — gets the same 404 as
 * for an id that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const current = await getCurrentSession();
  if (!current || current.session.mfaPending) return notFound();
  // `?size=64` asks for the small variant; an image without one answers with the full size.
  const size = new URL(request.url).searchParams.get('size') === String(PHOTO_THUMB_SIZE) ? 'thumb' : 'full';
  const file = await readImage(await getDb(), { orgId: current.org.id, id, size });
  if (!file) return notFound();

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
  if (!file.data) return notFound();
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
}
