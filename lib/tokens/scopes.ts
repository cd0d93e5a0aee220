import type { Permission } from '../auth/permissions';

/**
 * What a personal API token may be used for. A scope that names a permission can be granted
 * only by someone who holds it, and is honoured only while the owner still holds it.
 */
export const TOKEN_SCOPES = [
  'profile:read',
  'users:read',
  'availability:read',
  'approvals:write',
  'notifications:write',
  'pin:verify',
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_PERMISSION: Record<TokenScope, Permission | null> = {
  'profile:read': null,
  'users:read': 'users.read',
  'availability:read': null,
  'approvals:write': null,
  'notifications:write': null,
  'pin:verify': 'pin.verify',
};

export const isTokenScope = (value: unknown): value is TokenScope =>
  typeof value === 'string' && (TOKEN_SCOPES as readonly string[]).includes(value);

/** The scopes someone holding `permissions` may put on a token, or use one with. */
export function grantableScopes(permissions: ReadonlySet<Permission>): TokenScope[] {
  return TOKEN_SCOPES.filter((scope) => {
    const needed = SCOPE_PERMISSION[scope];
    return needed === null || permissions.has(needed);
  });
}

/** Expiry choices of the form, in days; "a date" is the other choice. */
export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365] as const;
