import { routeHandler } from '@/lib/http/route-handler';
import { unreadCount } from '@/lib/notifications/activity';

export const dynamic = 'force-dynamic';

/** The header bell's count, asked again by the bell every minute and when the window gets the focus. */
export const GET = routeHandler({ format: 'json' }, async (_request, { db, current }) =>
  Response.json(
    { count: await unreadCount(db, current.user) },
    { headers: { 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' } },
  ),
);
