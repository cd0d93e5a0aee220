import 'server-only';

import { and, eq, gt, isNull } from 'drizzle-orm';

import type { Db } from '@/db';
import { apiTokens, organizations, users } from '@/db/schema';

import { loadPermissionSet } from '../auth/authorize';
import type { Permission } from '../auth/permissions';
import { hashToken } from '../security/tokens';
import { isTokenScope, SCOPE_PERMISSION, type TokenScope } from './scopes';
import { isApiTokenShaped } from './secret';

type User = typeof users.$inferSelect;
type Org = typeof organizations.$inferSelect;

/** "Last used" is kept to the minute: a token used again from the same address within it is not written again. */
export const LAST_USED_PRECISION_MS = 60_000;

/** Who a request with a valid token acts as: the owner, their organization and what the token may do now. */
export type TokenCaller = {
  tokenId: string;
  user: User;
  org: Org;
  /** The token's scopes that the owner's current permissions still allow. */
  scopes: ReadonlySet<TokenScope>;
  permissions: ReadonlySet<Permission>;
};

/** The token from `Authorization: Bearer <token>`, or null when the header is missing or malformed. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match && isApiTokenShaped(match[1]) ? match[1] : null;
}

/**
 * The caller behind a token, or null for an unknown, revoked or expired token, or one whose
 * owner is no longer active. The answer for every kind of refusal is the same null, reached
 * through the same single lookup by digest, so neither the answer nor its time tells them apart.
 * Marks the token as used (time and address, to the minute).
 */
export async function authenticateToken(
  db: Db,
  secret: string,
  ip: string | null,
  now: Date = new Date(),
): Promise<TokenCaller | null> {
  const [row] = await db
    .select({ token: apiTokens, user: users, org: organizations })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.id, apiTokens.userId), eq(users.orgId, apiTokens.orgId)))
    .innerJoin(organizations, eq(organizations.id, apiTokens.orgId))
    .where(and(eq(apiTokens.tokenHash, hashToken(secret)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
    .limit(1);
  if (!row || row.user.status !== 'active') return null;
  const permissions = await loadPermissionSet(db, row.user);
  const scopes = new Set(
    row.token.scopes.filter(isTokenScope).filter((scope) => {
      const needed = SCOPE_PERMISSION[scope];
      return needed === null || permissions.has(needed);
    }),
  );
  // Written at most once a minute per token and address: a busy integration would otherwise write
  // the token's row on every request.
  const { lastUsedAt, lastUsedIp } = row.token;
  const recent =
    lastUsedAt !== null && lastUsedIp === ip && now.getTime() - lastUsedAt.getTime() < LAST_USED_PRECISION_MS;
  if (!recent) {
    await db.update(apiTokens).set({ lastUsedAt: now, lastUsedIp: ip }).where(eq(apiTokens.id, row.token.id));
  }
  return { tokenId: row.token.id, user: row.user, org: row.org, scopes, permissions };
}
