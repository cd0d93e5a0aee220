import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';
import { eventFieldName, NOTIFICATION_EVENTS } from '../notifications/events';

/** A ticked box posts "on" without JavaScript; react-hook-form hands over true. */
const box = fields.checkbox();

/** Mandatory events have no switch: whatever is posted for them is not even read. */
export const SWITCHABLE_EVENTS = NOTIFICATION_EVENTS.filter((e) => !e.mandatory);

export const notificationPolicySchema = z.pipe(
  z.object({ enabled: box, ...Object.fromEntries(SWITCHABLE_EVENTS.map((e) => [eventFieldName(e.key), box])) }),
  z.transform((input: { enabled: boolean }) => {
    const boxes = input as Record<string, boolean>;
    const events: Record<string, boolean> = {};
    // Only switched-off events are stored; an event added to the catalogue later starts on.
    for (const e of SWITCHABLE_EVENTS) if (!boxes[eventFieldName(e.key)]) events[e.key] = false;
    return { enabled: boxes.enabled, events };
  }),
);
export type NotificationPolicyValues = Record<string, string | boolean | undefined>;
export type NotificationPolicyInput = z.output<typeof notificationPolicySchema>;
