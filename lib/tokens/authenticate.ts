import 'server-only';

import { eq, sql } from 'drizzle-orm';

import { statement, type Db } from '@/db';
import { apiTokens, organizations, users, type ManagedRole } from '@/db/schema';

import {
  countedCte,
  countedJson,
  countingValues,
  parseCounted,
  rateVerdict,
  sweepStaleCounters,
  type RateCounter,
  type RateVerdict,
} from '../api/rate-limit';
import { publicUserFromRaw, rawPublicColumns, type PublicUserRow } from '../api/users';
import { loadPermissionSet } from '../auth/authorize';
import type { Permission } from '../auth/permissions';
import { hashToken } from '../security/tokens';
import { isTokenScope, SCOPE_PERMISSION, type TokenScope } from './scopes';
import { isApiTokenShaped } from './secret';

/** "Last used" is kept to the minute: a token used again from the same address within it is not written again. */
export const LAST_USED_PRECISION_MS = 60_000;

/** The token's owner: what the API may tell about them, and what their permissions follow from. */
export type TokenOwner = PublicUserRow & { orgId: string; role: ManagedRole };

/** Who a request with a valid token acts as: the owner, their organization and what the token may do now. */
export type TokenCaller = {
  tokenId: string;
  user: TokenOwner;
  org: { id: string; name: string };
  /** The token's scopes that the owner's current permissions still allow. */
  scopes: ReadonlySet<TokenScope>;
  permissions: ReadonlySet<Permission>;
};

/** The request counters to bump along with the lookup (see `countAndAuthenticate`). */
export type RequestCounting = { counters: readonly RateCounter[]; windowSeconds: number };

/** The token from `Authorization: Bearer <token>`, or null when the header is missing or malformed. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match && isApiTokenShaped(match[1]) ? match[1] : null;
}

type LookupRow = Record<string, unknown> & {
  counted: string | null;
  tokenId: string | null;
  tokenScopes: string | null;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  ownerOrgId: string;
  ownerRole: ManagedRole;
  ownerStatus: string;
  orgName: string;
};

type LookupValues = ReturnType<typeof countingValues> & { digest: string };

// Counts the request (no keys: nothing counted), then the live token with this digest, its owner
// and organization, in columns both drivers return alike. Always one row (the token's columns
// null when there is none), so the counts come back either way.
const lookupStatement = statement<LookupRow, LookupValues>(
  () => sql`
    with ${countedCte()}
    select
      ${countedJson} as "counted",
      ${apiTokens.id} as "tokenId", ${apiTokens.scopes}::text as "tokenScopes",
      (extract(epoch from ${apiTokens.lastUsedAt}) * 1000)::float8 as "lastUsedAt", ${apiTokens.lastUsedIp} as "lastUsedIp",
      ${rawPublicColumns},
      ${users.orgId} as "ownerOrgId", ${users.role} as "ownerRole", ${users.status} as "ownerStatus",
      ${organizations.name} as "orgName"
    from (select 1) as one
    left join (${apiTokens}
      join ${users} on ${users.id} = ${apiTokens.userId} and ${users.orgId} = ${apiTokens.orgId}
      join ${organizations} on ${organizations.id} = ${apiTokens.orgId})
    on ${apiTokens.tokenHash} = ${sql.placeholder('digest')} and ${apiTokens.revokedAt} is null
      and ${apiTokens.expiresAt} > ${sql.placeholder('now')}::timestamptz`,
);

/**
 * Counts the request under each key and looks the token up, in one statement (one round trip
 * for the API's every request). When a counter is over its limit, the verdict says so and the
 * caller is null: the token is neither checked further nor marked as used.
 *
 * The caller is null for an unknown, revoked or expired token, or one whose owner is no longer
 * active. The answer for every kind of refusal is the same null, reached through the same single
 * lookup by digest, so neither the answer nor its time tells them apart. A caller's token is
 * marked as used (time and address, to the minute).
 */
export async function countAndAuthenticate(
  db: Db,
  secret: string,
  ip: string | null,
  counting: RequestCounting | null,
  now: Date = new Date(),
): Promise<{ verdict: RateVerdict; caller: TokenCaller | null }> {
  const keys = counting?.counters.map((c) => c.key) ?? [];
  const values = countingValues(keys, counting?.windowSeconds ?? 0, now);
  const [row] = await lookupStatement(db, { ...values, digest: hashToken(secret) });
  let verdict: RateVerdict = { allowed: true };
  if (counting && keys.length > 0) {
    verdict = rateVerdict(parseCounted(row.counted), counting.counters, counting.windowSeconds, now);
    await sweepStaleCounters(db, counting.windowSeconds, now);
  }
  if (!verdict.allowed || row.tokenId === null || row.ownerStatus !== 'active') return { verdict, caller: null };

  const user: TokenOwner = { ...publicUserFromRaw(row), orgId: row.ownerOrgId, role: row.ownerRole };
  const permissions = await loadPermissionSet(db, user);
  const tokenScopes = JSON.parse(row.tokenScopes ?? '[]') as unknown[];
  const scopes = new Set(
    tokenScopes.filter(isTokenScope).filter((scope) => {
      const needed = SCOPE_PERMISSION[scope];
      return needed === null || permissions.has(needed);
    }),
  );
  // Written at most once a minute per token and address: a busy integration would otherwise write
  // the token's row on every request.
  const recent =
    row.lastUsedAt !== null && row.lastUsedIp === ip && now.getTime() - row.lastUsedAt < LAST_USED_PRECISION_MS;
  if (!recent) {
    await db.update(apiTokens).set({ lastUsedAt: now, lastUsedIp: ip }).where(eq(apiTokens.id, row.tokenId));
  }
  const caller = { tokenId: row.tokenId, user, org: { id: row.ownerOrgId, name: row.orgName }, scopes, permissions };
  return { verdict, caller };
}

/** The caller behind a token, or null (see `countAndAuthenticate`), counting nothing. */
export async function authenticateToken(
  db: Db,
  secret: string,
  ip: string | null,
  now: Date = new Date(),
): Promise<TokenCaller | null> {
  return (await countAndAuthenticate(db, secret, ip, null, now)).caller;
}
