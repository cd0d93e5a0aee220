'use server';

import { and, eq, sql } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { users } from '@/db/schema';
import { userAction } from '@/lib/actions/define';
import { failure, success, type ActionState } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { requireUser } from '@/lib/auth/current';
import { defaultPhoneRegion } from '@/lib/profile/phone';
import { isUniqueViolation } from '@/lib/profile/unique-violation';

import { profileSchemaFor, type ProfileInput } from './schemas';

type StoredProfile = Pick<typeof users.$inferSelect, Exclude<keyof ProfileInput, 'version'>>;

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

function changedFields(before: StoredProfile, after: StoredProfile): string[] {
  return PROFILE_FIELDS.filter(
    (field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
  );
}

const STALE = 'profile.errors.stale';

/**
 * Saves the signed-in user's own profile. The row is chosen by the session, never by the form;
 * the posted `version` must still be the stored one, so a save based on an outdated page is
 * refused instead of overwriting a newer change.
 */
export async function updateProfile(previous: ActionState, formData: FormData): Promise<ActionState> {
  const { user } = await requireUser({ action: true });
  return saveProfile(defaultPhoneRegion(user.locale))(previous, formData);
}

const saveProfile = (region: ReturnType<typeof defaultPhoneRegion>) =>
  userAction(profileSchemaFor(region), async (input, { current, meta, values }) => {
    const { user } = current;
    const { version, ...profile } = input;
    const changed = changedFields(user, profile);
    // Nothing differs from what is stored: there is nothing to save, and nothing to lose.
    if (!changed.length) return success('profile.saved');
    const db = await getDb();
    try {
      const saved = await db.transaction(async (tx) => {
        const rows = await tx
          .update(users)
          .set({ ...profile, version: sql`${users.version} + 1`, updatedAt: new Date() })
          .where(and(eq(users.id, user.id), eq(users.orgId, user.orgId), eq(users.version, version)))
          .returning({ id: users.id });
        if (!rows.length) return false;
        await audit(tx, {
          orgId: user.orgId,
          actorUserId: user.id,
          action: 'profile.updated',
          targetType: 'user',
          targetId: user.id,
          data: { fields: changed },
          meta,
        });
        return true;
      });
      if (!saved) return failure(STALE, undefined, values);
    } catch (error) {
      if (isUniqueViolation(error, 'users_org_username_key')) {
        return failure('errors.checkFields', { username: ['profile.errors.usernameTaken'] }, values);
      }
      throw error;
    }
    revalidatePath('/settings/profile');
    return success('profile.saved');
  });
