import 'server-only';

import type { CurrentUser } from '../auth/current';
import type { Permission } from '../auth/permissions';
import { inviteRightsFor, type InviteRights } from '../org/invite-policy';
import { ORG_SECTIONS, type Section } from './sections';

/**
 * What the signed-in user may do with invitations under their organization's invite policy, or
 * null. The navigation, the users page's "New user" link, the invitation page and its action all
 * ask this one function, so no link leads to a page that answers 404.
 */
export function mayInvite(
  current: Pick<CurrentUser, 'user' | 'org'>,
  permissions: Set<Permission>,
): InviteRights | null {
  return inviteRightsFor(current.user, current.org.invitePolicy, permissions);
}

/**
 * The org-settings sections this user may open. Someone who may invite but not read the users
 * list (the organization lets everyone invite) gets the invitation form in its place.
 */
export function visibleOrgSections(current: CurrentUser, permissions: Set<Permission>): Section[] {
  const visible = ORG_SECTIONS.filter((s) => !s.permission || permissions.has(s.permission as Permission));
  if (!permissions.has('users.read') && mayInvite(current, permissions)) {
    const users = ORG_SECTIONS.find((s) => s.slug === 'users')!;
    return [{ ...users, slug: 'users/new' }, ...visible];
  }
  return visible;
}

/** The one answer to "may this user open org settings": the profile menu, the index and every page ask it. */
export function mayOpenOrgSettings(current: CurrentUser, permissions: Set<Permission>): boolean {
  return visibleOrgSections(current, permissions).length > 0;
}
