import { describe, expect, it } from 'vitest';

import { PERMISSIONS, type Permission } from '../auth/permissions';
import { grantableScopes, isTokenScope, SCOPE_PERMISSION, TOKEN_EXPIRY_DAYS, TOKEN_SCOPES } from './scopes';

describe('token scopes', () => {
  it('names the scopes of the API, each once', () => {
    expect(TOKEN_SCOPES).toEqual([
      'profile:read',
      'users:read',
      'availability:read',
      'approvals:write',
      'notifications:write',
      'pin:verify',
    ]);
    expect(new Set(TOKEN_SCOPES).size).toBe(TOKEN_SCOPES.length);
  });

  it('ties users:read and pin:verify to their permissions, and every named permission exists', () => {
    expect(SCOPE_PERMISSION['users:read']).toBe('users.read');
    expect(SCOPE_PERMISSION['pin:verify']).toBe('pin.verify');
    for (const needed of Object.values(SCOPE_PERMISSION))
      if (needed) expect(PERMISSIONS as readonly string[]).toContain(needed);
  });

  it('lets someone without permissions grant only the scopes that need none', () => {
    expect(grantableScopes(new Set())).toEqual([
      'profile:read',
      'availability:read',
      'approvals:write',
      'notifications:write',
    ]);
  });

  it('adds a scope exactly when its permission is held', () => {
    expect(grantableScopes(new Set<Permission>(['users.read']))).toContain('users:read');
    expect(grantableScopes(new Set<Permission>(['users.read']))).not.toContain('pin:verify');
    expect(grantableScopes(new Set<Permission>(['pin.verify']))).toContain('pin:verify');
    expect(grantableScopes(new Set(PERMISSIONS))).toEqual([...TOKEN_SCOPES]);
  });

  it('recognises scopes and nothing else', () => {
    expect(isTokenScope('users:read')).toBe(true);
    for (const value of ['users.read', 'USERS:READ', '', null, 1, undefined, 'admin:*'])
      expect(isTokenScope(value)).toBe(false);
  });

  it('offers the expiry choices of the form', () => {
    expect(TOKEN_EXPIRY_DAYS).toEqual([7, 30, 90, 365]);
  });
});
