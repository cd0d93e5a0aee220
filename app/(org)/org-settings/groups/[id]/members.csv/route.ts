import { isUuid } from '@/lib/actions/schema-fields';
import { refusal, routeHandler } from '@/lib/http/route-handler';
import { seeOther } from '@/lib/http/see-other';
import { getGroup } from '@/lib/org/groups';

export const dynamic = 'force-dynamic';

/**
 * The address that once answered with the members' CSV. Exports run as background tasks now
 * (the group page's "Export members"), so a saved link leads to the group's page, with the same
 * rule as the page: groups.manage, and a group of the person's own organization.
 */
export const GET = routeHandler<{ id: string }>(
  { permission: 'groups.manage' },
  async (_request, { db, current, params }) => {
    const group = isUuid(params.id) ? await getGroup(db, current.org.id, params.id) : null;
    return group ? seeOther(`/org-settings/groups/${group.id}`) : refusal(404);
  },
);
