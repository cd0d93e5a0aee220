import { routeHandler } from '@/lib/http/route-handler';
import { seeOther } from '@/lib/http/see-other';

export const dynamic = 'force-dynamic';

/**
 * The address that once answered with the log as CSV. Exports run as background tasks now (the
 * page's "Export CSV", with the page's filters), so a saved link leads to the log with the same
 * filters, under the page's own rule (audit.read).
 */
export const GET = routeHandler({ permission: 'audit.read' }, async (request) =>
  seeOther(`/org-settings/audit-log${new URL(request.url).search}`),
);
