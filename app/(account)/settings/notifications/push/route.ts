import { routeHandler } from '@/lib/http/route-handler';
import { subscribePush } from '@/lib/notifications/push';
import { describeUserAgent } from '@/lib/security/user-agent';

/** A subscription's JSON is a few hundred bytes; anything much larger is not one. */
const BODY_LIMIT_BYTES = 8 * 1024;

const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function answer(status: number, code: string, message: string): Response {
  return Response.json(status < 300 ? { ok: true } : { error: { code, message } }, { status, headers });
}

const invalid = () => answer(400, 'invalid', 'Not a push subscription');

type Subscription = { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } | null };

/**
 * "Enable browser notifications": the page's script posts the browser's PushSubscription here
 * (`{ endpoint, keys: { p256dh, auth } }`). JSON only: a cross-site page cannot send that without
 * a CORS preflight, on top of the proxy's same-origin check of every post.
 */
export const POST = routeHandler({ format: 'json' }, async (request, { db, current, meta }) => {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin') return answer(403, 'forbidden', 'Same-origin requests only');
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return answer(415, 'unsupported_media_type', 'Send JSON');
  }
  if (Number(request.headers.get('content-length')) > BODY_LIMIT_BYTES) return invalid();
  const text = await request.text();
  if (text.length > BODY_LIMIT_BYTES) return invalid();
  let body: Subscription;
  try {
    body = JSON.parse(text) as Subscription;
  } catch {
    return invalid();
  }
  const endpoint = body?.endpoint;
  const p256dh = body?.keys?.p256dh;
  const auth = body?.keys?.auth;
  if (typeof endpoint !== 'string' || typeof p256dh !== 'string' || typeof auth !== 'string') return invalid();
  const result = await subscribePush(
    db,
    current.user,
    { endpoint, p256dh, auth, deviceName: describeUserAgent(meta.userAgent).label },
    meta,
  );
  if (!result.ok)
    return answer(400, result.error === 'endpoint' ? 'invalid_endpoint' : 'invalid_keys', 'Not a push subscription');
  return answer(201, 'created', '');
});
