import type { Catalog } from '../i18n/catalog';
import type { MessageKey } from '../i18n/message';

/**
 * Every section of /settings and /org-settings, in navigation order. Titles and descriptions
 * live in messages/*.json under `${group}.${key}`.
 */
export type Section = (
  | { slug: string; group: 'sections'; key: keyof Catalog['sections']; permission?: undefined }
  | { slug: string; group: 'orgSections'; key: keyof Catalog['orgSections']; permission: string }
) & {
  /** Not built yet: its page says so, and the navigation and /help mark it "Coming soon". */
  soon?: true;
};

const account = (key: keyof Catalog['sections'], slug: string = key): Section => ({ slug, key, group: 'sections' });
/** A section listed before its page exists: its page and the navigation say "Coming soon". */
export const soon = (section: Section): Section => ({ ...section, soon: true });
const org = (key: keyof Catalog['orgSections'], permission: string, slug: string = key): Section => ({
  slug,
  key,
  group: 'orgSections',
  permission,
});

export const ACCOUNT_SECTIONS: Section[] = [
  account('profile'),
  account('availability'),
  account('general'),
  account('regional'),
  account('notifications'),
  account('security'),
  account('approvals'),
  account('tokens'),
  account('connections'),
  account('devices'),
  account('keys'),
  account('data'),
  account('backgroundTasks', 'background-tasks'),
];

export const ORG_SECTIONS: Section[] = [
  org('users', 'users.read'),
  org('invitePolicy', 'policies.manage', 'invite-policy'),
  org('groups', 'groups.manage'),
  org('roles', 'roles.manage'),
  org('notifications', 'policies.manage'),
  org('security', 'policies.manage'),
  org('email', 'policies.manage'),
  org('auditLog', 'audit.read', 'audit-log'),
];

export const titleKey = (s: Section): MessageKey =>
  s.group === 'sections' ? `sections.${s.key}.title` : `orgSections.${s.key}.title`;
export const descriptionKey = (s: Section): MessageKey =>
  s.group === 'sections' ? `sections.${s.key}.description` : `orgSections.${s.key}.description`;
