import { isUuid } from '@/lib/actions/schema-fields';
import { redirectTo, refusal, routeHandler } from '@/lib/http/route-handler';
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
    return group ? redirectTo(`/org-settings/groups/${group.id}`) : refusal(404);
  },
);
