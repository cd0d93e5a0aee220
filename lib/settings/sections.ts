/**
 * Every section of /settings and /org-settings, in navigation order. Titles and descriptions
 * live in messages/*.json under `${group}.${key}`.
 */
export type Section = { slug: string; key: string; group: 'sections' | 'orgSections'; permission?: string };

const account = (slug: string, key = slug): Section => ({ slug, key, group: 'sections' });
const org = (slug: string, permission: string, key = slug): Section => ({
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
  account('background-tasks', 'backgroundTasks'),
];

export const ORG_SECTIONS: Section[] = [
  org('users', 'users.read'),
  org('invite-policy', 'policies.manage', 'invitePolicy'),
  org('groups', 'groups.manage'),
  org('roles', 'roles.manage'),
  org('notifications', 'policies.manage'),
  org('security', 'policies.manage'),
  org('audit-log', 'audit.read', 'auditLog'),
];

export const titleKey = (s: Section) => `${s.group}.${s.key}.title`;
export const descriptionKey = (s: Section) => `${s.group}.${s.key}.description`;
