import 'server-only';

import { and, eq, sql } from 'drizzle-orm';

import type { Executor } from '@/db';
import { users } from '@/db/schema';

import { audit } from '../audit/log';
import type { AccountUser, AuditMeta } from './account-user';
import type { ProfileInput } from './schemas';
import { isUniqueViolation } from './unique-violation';

const PROFILE_FIELDS = [
  'firstName',
  'lastName',
  'displayName',
  'username',
  'jobTitle',
  'phone',
  'dateOfBirth',
  'contacts',
] as const;

type StoredProfile = Pick<AccountUser, (typeof PROFILE_FIELDS)[number]>;

const storedOf = (user: StoredProfile): StoredProfile =>
  Object.fromEntries(PROFILE_FIELDS.map((field) => [field, user[field]])) as StoredProfile;

function changedFields(before: StoredProfile, after: StoredProfile): string[] {
  return PROFILE_FIELDS.filter(
    (field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
  );
}

export type ProfileResult =
  /** `stored`: the profile as it is stored now, with its version (the next save's base). */
  | { ok: true; changed: string[]; stored: StoredProfile & { version: number } }
  /** The row changed since the form was loaded (`input.version` is no longer the stored one). */
  | { ok: false; error: 'stale' }
  | { ok: false; error: 'usernameTaken' };

/**
 * Saves the acting user's own profile. The row is the actor's, never one named by the input; the
 * input's `version` must still be the stored one, so a save based on an outdated page is refused
 * instead of overwriting a newer change. Nothing that differs from the actor's row: nothing written.
 */
export async function updateProfile(
  db: Executor,
  actor: Pick<AccountUser, 'id' | 'orgId' | 'version'> & StoredProfile,
  input: ProfileInput,
  meta: AuditMeta,
): Promise<ProfileResult> {
  const { version, ...profile } = input;
  const changed = changedFields(actor, profile);
  if (!changed.length) return { ok: true, changed, stored: { ...storedOf(actor), version: actor.version } };
  try {
    const saved = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(users)
        .set({ ...profile, version: sql`${users.version} + 1`, updatedAt: new Date() })
        .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId), eq(users.version, version)))
        .returning({ version: users.version });
      if (!row) return null;
      await audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'profile.updated',
        targetType: 'user',
        targetId: actor.id,
        data: { fields: changed },
        meta,
      });
      return row;
    });
    return saved
      ? { ok: true, changed, stored: { ...profile, version: saved.version } }
      : { ok: false, error: 'stale' };
  } catch (error) {
    if (isUniqueViolation(error, 'users_org_username_key')) return { ok: false, error: 'usernameTaken' };
    throw error;
  }
}
