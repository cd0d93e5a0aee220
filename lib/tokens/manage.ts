import 'server-only';

import { and, desc, eq, isNull } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { apiTokens, organizations, users } from '@/db/schema';

import { audit } from '../audit/log';
import { loadPermissionSet } from '../auth/authorize';
import { localInputToDate, safeTimeZone } from '../availability/local-time';
import type { RequestMeta } from '../http/request-meta';
import type { OrgActor } from '../org/actor';
import { findOrgUser, mayManage } from '../org/user-admin';
import { endTokensOf } from './end';
import { queueTokenCreatedMail } from './mail';
import { expiryDays, type CreateTokenInput } from './schemas';
import { grantableScopes, isTokenScope, TOKEN_SCOPES, type TokenScope } from './scopes';
import { newApiToken } from './secret';

export { endTokensOf };

type User = typeof users.$inferSelect;
type Meta = Pick<RequestMeta, 'ip' | 'userAgent'>;

const DAY_MS = 86_400_000;

/** A token as its owner and admins see it: never the secret nor its digest. */
export type TokenSummary = {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
};

export type CreateTokenError =
  /** A scope the owner's permissions do not allow. */
  | { error: 'scope'; scopes: TokenScope[] }
  /** Later than the organization allows; `latest` is the last day that is allowed, in the owner's zone. */
  | { error: 'tooLate'; latest: string; maxDays: number }
  /** A date that is today or already past. */
  | { error: 'past' };

export type CreatedToken = { ok: true; token: TokenSummary; secret: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar date of an instant in a zone, as YYYY-MM-DD. */
export function dateIn(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(instant)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${pad(Number(parts.month))}-${pad(Number(parts.day))}`;
}

/**
 * When a token made now with this choice expires, or why it may not be made: never later than
 * the organization's `maxTokenDays`. A date means the end of that day in the owner's zone (the
 * last allowed day ends at the limit itself).
 */
export function tokenExpiry(
  input: Pick<CreateTokenInput, 'expires' | 'expiresOn'>,
  { maxDays, timeZone, now }: { maxDays: number; timeZone: string | null; now: Date },
): { ok: true; expiresAt: Date } | CreateTokenError {
  const zone = safeTimeZone(timeZone);
  const limit = new Date(now.getTime() + maxDays * DAY_MS);
  const latest = dateIn(limit, zone);
  const days = expiryDays(input.expires);
  if (days !== null)
    return days > maxDays
      ? { error: 'tooLate', latest, maxDays }
      : { ok: true, expiresAt: new Date(now.getTime() + days * DAY_MS) };
  const date = input.expiresOn ?? '';
  if (date <= dateIn(now, zone)) return { error: 'past' };
  if (date > latest) return { error: 'tooLate', latest, maxDays };
  const endOfDay = localInputToDate(`${date}T23:59`, zone);
  if (!endOfDay) return { error: 'past' };
  return { ok: true, expiresAt: endOfDay > limit ? limit : endOfDay };
}

/** The dates the form offers, in the owner's zone: the first allowed (tomorrow) and the last one. */
export function expiryDateRange(maxDays: number, timeZone: string | null, now: Date = new Date()) {
  const zone = safeTimeZone(timeZone);
  return {
    first: dateIn(new Date(now.getTime() + DAY_MS), zone),
    last: dateIn(new Date(now.getTime() + maxDays * DAY_MS), zone),
  };
}

const summary = (row: typeof apiTokens.$inferSelect): TokenSummary => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes.filter(isTokenScope),
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  lastUsedAt: row.lastUsedAt,
  lastUsedIp: row.lastUsedIp,
});

/**
 * Makes a personal token for `owner` (the signed-in user). Only scopes the owner's permissions
 * allow, and never beyond the organization's longest lifetime. The secret is returned once and
 * only its digest is stored; the owner gets the mandatory security mail and the log an entry.
 */
export async function createToken(
  db: Db,
  owner: User,
  input: CreateTokenInput,
  meta?: Meta,
  now: Date = new Date(),
): Promise<CreatedToken | ({ ok: false } & CreateTokenError)> {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ maxTokenDays: organizations.maxTokenDays })
      .from(organizations)
      .where(eq(organizations.id, owner.orgId))
      .limit(1);
    const allowed = new Set(grantableScopes(await loadPermissionSet(tx, owner)));
    const refused = input.scopes.filter((scope) => !allowed.has(scope));
    if (refused.length) return { ok: false, error: 'scope', scopes: refused };
    const expiry = tokenExpiry(input, { maxDays: org?.maxTokenDays ?? 0, timeZone: owner.timeZone, now });
    if (!('ok' in expiry)) return { ok: false, ...expiry };
    // In the list's order, once each, whatever order the form sent them in.
    const scopes = TOKEN_SCOPES.filter((scope) => input.scopes.includes(scope));
    const { secret, hash, prefix } = newApiToken();
    const [row] = await tx
      .insert(apiTokens)
      .values({
        orgId: owner.orgId,
        userId: owner.id,
        name: input.name,
        prefix,
        tokenHash: hash,
        scopes,
        expiresAt: expiry.expiresAt,
        createdAt: now,
      })
      .returning();
    await audit(tx, {
      orgId: owner.orgId,
      actorUserId: owner.id,
      action: 'token.created',
      targetType: 'token',
      targetId: row.id,
      data: { name: row.name, prefix, scopes, expiresAt: row.expiresAt.toISOString(), ownerId: owner.id },
      meta,
    });
    await queueTokenCreatedMail(tx, owner, { name: row.name, scopes, expiresAt: row.expiresAt }, meta);
    return { ok: true, token: summary(row), secret };
  });
}

/** A person's tokens that are not revoked, newest first; expired ones stay listed until revoked. */
export async function listTokens(db: Executor, owner: { orgId: string; userId: string }): Promise<TokenSummary[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, owner.orgId), eq(apiTokens.userId, owner.userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(200);
  return rows.map(summary);
}

async function revokeOf(
  tx: Executor,
  actorUserId: string,
  owner: { orgId: string; userId: string },
  tokenId: string,
  meta: Meta | undefined,
  now: Date,
): Promise<{ ok: true; name: string } | { ok: false }> {
  const [row] = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(apiTokens.id, tokenId),
        eq(apiTokens.orgId, owner.orgId),
        eq(apiTokens.userId, owner.userId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning();
  if (!row) return { ok: false };
  await audit(tx, {
    orgId: owner.orgId,
    actorUserId,
    action: 'token.revoked',
    targetType: 'token',
    targetId: row.id,
    data: { name: row.name, prefix: row.prefix, ownerId: owner.userId },
    meta,
  });
  return { ok: true, name: row.name };
}

/**
 * Revokes one of the owner's own tokens. An id of anyone else's token, of another organization,
 * or one already revoked matches nothing: `{ ok: false }`, the same as an unknown id.
 */
export async function revokeToken(
  db: Db,
  owner: { id: string; orgId: string },
  { tokenId }: { tokenId: string },
  meta?: Meta,
  now: Date = new Date(),
): Promise<{ ok: true; name: string } | { ok: false }> {
  return db.transaction((tx) => revokeOf(tx, owner.id, { orgId: owner.orgId, userId: owner.id }, tokenId, meta, now));
}

/** An admin's view of a person's tokens: the person must be in the admin's organization. */
export async function listTokensOf(db: Executor, actor: OrgActor, userId: string): Promise<TokenSummary[] | null> {
  const target = await findOrgUser(db, actor.orgId, userId);
  if (!target) return null;
  return listTokens(db, { orgId: actor.orgId, userId: target.id });
}

export type AdminRevoke = { ok: true; name: string } | { ok: false; reason: 'not-found' | 'outranked' };

/** An admin revokes a person's token: someone the admin may manage, in the admin's organization. */
export async function revokeTokenOf(
  db: Db,
  actor: OrgActor,
  { userId, tokenId }: { userId: string; tokenId: string },
  meta?: Meta,
  now: Date = new Date(),
): Promise<AdminRevoke> {
  return db.transaction(async (tx) => {
    const target = await findOrgUser(tx, actor.orgId, userId, true);
    if (!target) return { ok: false, reason: 'not-found' };
    if (!(await mayManage(tx, actor, target))) return { ok: false, reason: 'outranked' };
    const result = await revokeOf(tx, actor.id, { orgId: actor.orgId, userId: target.id }, tokenId, meta, now);
    return result.ok ? result : { ok: false, reason: 'not-found' };
  });
}
