import { timingSafeEqual } from 'node:crypto';

import { getDb } from '@/db';
import { drainOutbox } from '@/lib/mail/outbox';

export const dynamic = 'force-dynamic';

function authorized(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where no process stays up (Vercel), a cron job drains the same outbox the worker does. */
export async function GET(request: Request) {
  if (!authorized(request)) {
    return Response.json(
      { error: { code: 'unauthorized', message: 'A valid CRON_SECRET bearer token is required.' } },
      { status: 401 },
    );
  }
  const result = await drainOutbox(await getDb());
  return Response.json(result, { headers: { 'cache-control': 'no-store' } });
}
