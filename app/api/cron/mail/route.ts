import { timingSafeEqual } from 'node:crypto';

import { publicRoute } from '@/lib/http/route-handler';
import { drainOutbox } from '@/lib/mail/outbox';

export const dynamic = 'force-dynamic';

function authorized(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const drain = publicRoute({ format: 'json' }, async ({ db }) =>
  Response.json(await drainOutbox(db), { headers: { 'cache-control': 'no-store' } }),
);

/** Where no process stays up (Vercel), a cron job drains the same outbox the worker does. */
export async function GET(request: Request) {
  if (!authorized(request)) {
    return Response.json(
      { error: { code: 'unauthorized', message: 'A valid CRON_SECRET bearer token is required.' } },
      { status: 401 },
    );
  }
  return drain();
}
