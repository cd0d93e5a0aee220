import { cronAuthorized, cronRefusal } from '@/lib/http/cron';
import { publicRoute } from '@/lib/http/route-handler';
import { runJobsOnce } from '@/lib/jobs/tick';

export const dynamic = 'force-dynamic';
/** Vercel ends a function after this; a task cut off goes on from its last batch at the next call. */
export const maxDuration = 60;

const tick = publicRoute({ format: 'json' }, async ({ db }) =>
  Response.json(await runJobsOnce(db), { headers: { 'cache-control': 'no-store' } }),
);

/**
 * Where no process stays up to run the job engine (Vercel, `ROSTER_JOBS=off`), a cron job calls
 * this every minute: reminders and browser pushes that are due, and background tasks (imports,
 * exports) for up to 45 s.
 */
export async function GET(request: Request) {
  return cronAuthorized(request) ? tick() : cronRefusal();
}
