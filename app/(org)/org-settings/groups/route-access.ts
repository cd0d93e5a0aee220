import 'server-only';

import { getDb } from '@/db';
import { currentUserCan, getCurrentSession, type CurrentUser } from '@/lib/auth/current';
import { getGroup, type Group } from '@/lib/org/groups';

/**
 * For route handlers, which answer with a status instead of redirecting: the caller may manage
 * groups and the group is their organization's, or null for the same 404 in every other case.
 */
export async function groupForRoute(id: string): Promise<{ current: CurrentUser; group: Group } | null> {
  const current = await getCurrentSession();
  if (!current || current.session.mfaPending) return null;
  // An organization that requires two-factor lets its users reach only the page that sets it up.
  if (current.org.requireMfa && !current.user.mfaEnabled) return null;
  if (!(await currentUserCan('groups.manage'))) return null;
  const group = await getGroup(await getDb(), current.org.id, id);
  return group ? { current, group } : null;
}
