import type { ManagedRole } from '@/db/schema';

/** Every named permission; custom roles are built from these. */
export const PERMISSIONS = [
  'users.read',
  'users.invite',
  'users.manage',
  'groups.manage',
  'roles.manage',
  'policies.manage',
  'audit.read',
  'import.run',
  'pin.verify',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The one role → permission table. */
export const MANAGED_ROLES: Record<
  ManagedRole,
  { label: string; description: string; permissions: readonly Permission[] }
> = {
  owner: {
    label: 'Owner',
    description: 'Full control of the organization, including its owners.',
    permissions: PERMISSIONS,
  },
  admin: {
    label: 'Admin',
    description: 'Manages people, groups, roles and policies.',
    permissions: PERMISSIONS,
  },
  member: {
    label: 'Member',
    description: 'Manages their own account.',
    permissions: [],
  },
};

export function roleGrants(role: ManagedRole, permission: Permission): boolean {
  return MANAGED_ROLES[role]?.permissions.includes(permission) ?? false;
}

export function hasAnyOrgPermission(role: ManagedRole): boolean {
  return (MANAGED_ROLES[role]?.permissions.length ?? 0) > 0;
}
