import 'server-only';

import type { CurrentUser } from '../auth/current';
import type { Permission } from '../auth/permissions';
import { policyAllowsInviter } from '../org/invite-policy';
import { ORG_SECTIONS, type Section } from './sections';

/**
 * The org-settings sections this user may open. Someone who may invite but not read the users
 * list (the organization lets everyone invite) gets the invitation form in its place.
 */
export function visibleOrgSections(current: CurrentUser, permissions: Set<Permission>): Section[] {
  const visible = ORG_SECTIONS.filter((s) => !s.permission || permissions.has(s.permission as Permission));
  // The invite policy decides, exactly as the invitation form and action do.
  const mayInvite = policyAllowsInviter(current.org.invitePolicy, current.user.role, permissions);
  if (!permissions.has('users.read') && mayInvite) {
    const users = ORG_SECTIONS.find((s) => s.slug === 'users')!;
    return [{ ...users, slug: 'users/new' }, ...visible];
  }
  return visible;
}

/** The one answer to "may this user open org settings": the profile menu, the index and every page ask it. */
export function mayOpenOrgSettings(current: CurrentUser, permissions: Set<Permission>): boolean {
  return visibleOrgSections(current, permissions).length > 0;
}
