import { cronAuthorized, cronRefusal } from '@/lib/http/cron';
import { publicRoute } from '@/lib/http/route-handler';
import { drainOutbox } from '@/lib/mail/outbox';

export const dynamic = 'force-dynamic';

const drain = publicRoute({ format: 'json' }, async ({ db }) =>
  Response.json(await drainOutbox(db), { headers: { 'cache-control': 'no-store' } }),
);

/** Where no process stays up (Vercel), a cron job drains the same outbox the worker does. */
export async function GET(request: Request) {
  return cronAuthorized(request) ? drain() : cronRefusal();
}
