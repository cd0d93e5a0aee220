'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { organizations } from '@/db/schema';
import { orgAction } from '@/lib/actions/define';
import { success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';

import { notificationPolicySchema, SWITCHABLE_EVENTS } from './schemas';

export const updateNotificationPolicy = orgAction(
  'policies.manage',
  notificationPolicySchema,
  async (input, { current, meta }) => {
    const { org, user } = current;
    const wasOff = (key: string) => org.notificationEvents?.[key] === false;
    const turnedOff = SWITCHABLE_EVENTS.filter((e) => input.events[e.key] === false && !wasOff(e.key)).map(
      (e) => e.key,
    );
    const turnedOn = SWITCHABLE_EVENTS.filter((e) => input.events[e.key] !== false && wasOff(e.key)).map((e) => e.key);
    const enabledChanged = input.enabled !== org.notificationsEnabled;
    if (!enabledChanged && !turnedOff.length && !turnedOn.length) return success('orgNotifications.saved');
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx
        .update(organizations)
        .set({ notificationsEnabled: input.enabled, notificationEvents: input.events, updatedAt: new Date() })
        .where(eq(organizations.id, org.id));
      await audit(tx, {
        orgId: org.id,
        actorUserId: user.id,
        action: 'org.notification_policy_changed',
        targetType: 'organization',
        targetId: org.id,
        data: {
          ...(enabledChanged ? { enabled: { from: org.notificationsEnabled, to: input.enabled } } : {}),
          ...(turnedOff.length ? { turnedOff } : {}),
          ...(turnedOn.length ? { turnedOn } : {}),
        },
        meta,
      });
    });
    // Everyone's own notification settings show the organization's locks.
    revalidatePath('/', 'layout');
    return success('orgNotifications.saved');
  },
);
