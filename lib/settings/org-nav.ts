import 'server-only';
import type { CurrentUser } from '../auth/current';
import type { Permission } from '../auth/permissions';
import { ORG_SECTIONS, type Section } from './sections';

/**
 * The org-settings sections this user may open. Someone who may invite but not read the users
 * list (the organization lets everyone invite) gets the invitation form in its place.
 */
export function visibleOrgSections(current: CurrentUser, permissions: Set<Permission>): Section[] {
  const visible = ORG_SECTIONS.filter((s) => !s.permission || permissions.has(s.permission as Permission));
  const mayInvite = permissions.has('users.invite') || current.org.invitePolicy === 'everyone';
  if (!permissions.has('users.read') && mayInvite) {
    const users = ORG_SECTIONS.find((s) => s.slug === 'users')!;
    return [{ ...users, slug: 'users/new' }, ...visible];
  }
  return visible;
}
