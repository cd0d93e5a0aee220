import 'server-only';

import { timingSafeEqual } from 'node:crypto';

/** A scheduler's call (Vercel Cron sends `Authorization: Bearer $CRON_SECRET`); none without a secret. */
export function cronAuthorized(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function cronRefusal(): Response {
  return Response.json(
    { error: { code: 'unauthorized', message: 'A valid CRON_SECRET bearer token is required.' } },
    { status: 401 },
  );
}
