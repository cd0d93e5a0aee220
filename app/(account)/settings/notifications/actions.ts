'use server';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { updateNotificationSettings as update } from '@/lib/notifications/settings';
import { notificationFormValues, notificationSettingsSchema } from '@/lib/notifications/settings-schema';

/**
 * Saves the signed-in user's switches and options. Nothing outside the form shows them, so the
 * answer carries the stored values instead of the page being rendered again.
 */
export const updateNotificationSettings = userAction(
  notificationSettingsSchema,
  async (input, { db, current, meta, values }) => {
    const result = await update(db, current.user, input, meta);
    if (!result.ok) {
      return failure(
        'errors.checkFields',
        { approveByEmail: ['notifications.errors.approveByEmailUnavailable'] },
        values,
      );
    }
    return success('notifications.saved', notificationFormValues(result.policy, result.prefs, result.options));
  },
);
