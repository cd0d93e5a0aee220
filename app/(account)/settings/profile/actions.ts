'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { profileFormFields, profileFormValues } from '@/lib/profile/form-values';
import { defaultPhoneRegion } from '@/lib/profile/phone';
import { profileSchemaFor } from '@/lib/profile/schemas';
import * as profile from '@/lib/profile/update';

/** Fields that the page shows outside the form too (the name in the profile menu). */
const NAME_FIELDS = new Set(['firstName', 'lastName', 'displayName']);

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
    // The answer carries the stored values and their new version, so the form shows them without
    // the page being rendered again. Only a changed name is shown elsewhere (the profile menu).
    if (result.changed.some((field) => NAME_FIELDS.has(field))) revalidatePath('/settings/profile');
    return success('profile.saved', profileFormFields(profileFormValues(result.stored)));
  },
);
