'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { defaultPhoneRegion } from '@/lib/profile/phone';
import { profileSchemaFor } from '@/lib/profile/schemas';
import * as profile from '@/lib/profile/update';

/**
 * Saves the signed-in user's own profile. Phone numbers without a country code are read in the
 * region of the user's language, so the schema is made for the user before the form is parsed.
 */
export const updateProfile = userAction(
  ({ user }) => profileSchemaFor(defaultPhoneRegion(user.locale)),
  async (input, { db, current, meta, values }) => {
    const result = await profile.updateProfile(db, current.user, input, meta);
    if (!result.ok && result.error === 'stale') return failure('profile.errors.stale', undefined, values);
    if (!result.ok) return failure('errors.checkFields', { username: ['profile.errors.usernameTaken'] }, values);
    // Nothing differed from what is stored: there was nothing to save, and nothing to lose.
    if (result.changed.length) revalidatePath('/settings/profile');
    return success('profile.saved');
  },
);
