'use server';

import { revalidatePath } from 'next/cache';

import { orgAction } from '@/lib/actions/define';
import { success } from '@/lib/actions/result';
import { actorOf } from '@/lib/org/actor';
import { notificationPolicySchema } from '@/lib/org/notification-policy-schema';
import { updateNotificationPolicy as update } from '@/lib/org/policies';

export const updateNotificationPolicy = orgAction(
  'policies.manage',
  notificationPolicySchema,
  async (input, { db, current, meta }) => {
    const { changed } = await update(db, actorOf(current), input, meta);
    // Everyone's own notification settings show the organization's locks.
    if (changed) revalidatePath('/', 'layout');
    return success('orgNotifications.saved');
  },
);
