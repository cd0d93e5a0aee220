import 'server-only';

import { NOTIFICATION_EVENTS } from '../notifications/events';
import { TOKEN_SCOPES } from '../tokens/scopes';
import { z } from './zod';

/**
 * The API's contract: the schemas that validate requests and describe responses. The OpenAPI
 * document (lib/api/openapi.ts) is generated from these same schemas.
 */

const timestamp = z.string().check(z.iso.datetime({ offset: true }));
const uuid = z.uuid();

/** Events another application may send: the catalogue's, except Roster's own security notices. */
export const API_NOTIFICATION_EVENTS = NOTIFICATION_EVENTS.filter((event) => !event.mandatory).map(
  (event) => event.key,
) as [string, ...string[]];

export const pinVerifyBody = z.object({
  userId: uuid,
  pin: z.string().check(z.minLength(1), z.maxLength(64)),
});

export const notificationBody = z.object({
  userId: uuid,
  event: z.enum(API_NOTIFICATION_EVENTS),
  // One line: it becomes the mail's subject.
  title: z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^\r\n\u0000-\u001f\u007f]*$/)),
  body: z.string().check(z.maxLength(5000)),
  // A path on this app or an https address of an allowed host (lib/api/notification-link.ts).
  url: z.string().check(z.minLength(1), z.maxLength(2000)),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(z.object({ path: z.string(), code: z.string(), message: z.string() }))),
  }),
});

export const userSchema = z.object({
  id: uuid,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  displayName: z.nullable(z.string()),
  username: z.nullable(z.string()),
  jobTitle: z.nullable(z.string()),
  status: z.enum(['active', 'invited', 'deactivated']),
  availability: z.enum(['online', 'offline', 'unavailable']),
  awayFrom: z.nullable(timestamp),
  awayUntil: z.nullable(timestamp),
  timeZone: z.nullable(z.string()),
});

export const meSchema = z.object({
  user: userSchema,
  organization: z.object({ id: uuid, name: z.string() }),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
});

export const userPageSchema = z.object({
  users: z.array(userSchema),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.nullable(z.string()),
});

export const availabilitySchema = z.object({
  userId: uuid,
  availability: z.enum(['online', 'offline', 'unavailable']),
  awayFrom: z.nullable(timestamp),
  awayUntil: z.nullable(timestamp),
  assignable: z.boolean(),
  reason: z.enum(['assignable', 'inactive', 'offline', 'unavailable', 'away']),
});

export const pinVerifySchema = z.object({ valid: z.boolean() });

export const notificationResultSchema = z.object({
  /** The channels the notification went out on; empty when the organization or the user turned the event off. */
  channels: z.array(z.enum(['email', 'inApp', 'push'])),
});

export const approverSchema = z.object({
  userId: uuid,
  /** Who approves for the user now: the user, or the first delegate present while they are away. */
  approver: z.object({
    id: uuid,
    firstName: z.string(),
    lastName: z.string(),
    displayName: z.nullable(z.string()),
    email: z.string(),
  }),
  /** Ids of the people passed over because they are away, the user first; empty when the user approves. */
  via: z.array(uuid),
});

export const reminderBody = z.object({
  userId: uuid,
  /** A task's deadline or a calendar event's start. */
  kind: z.enum(['task', 'calendar']),
  /** The calling application's id of the task or event: the same key updates the reminder. */
  key: z.string().check(z.minLength(1), z.maxLength(200)),
  title: z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^\r\n\u0000-\u001f\u007f]*$/)),
  url: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(2000)))),
  /** When the task is due or the event starts. */
  dueAt: timestamp,
  /** A calendar event's own lead time in minutes; otherwise the person's setting applies. */
  leadMinutes: z.optional(z.nullable(z.int().check(z.minimum(0), z.maximum(40_320)))),
});

export const reminderCancelBody = z.object({
  userId: uuid,
  kind: z.enum(['task', 'calendar']),
  key: z.string().check(z.minLength(1), z.maxLength(200)),
});

export const reminderResultSchema = z.object({
  id: uuid,
  /** When the reminder goes out; null when the person turned reminders of this kind off. */
  sendAt: z.nullable(timestamp),
});

export const reminderCancelResultSchema = z.object({ cancelled: z.boolean() });

export const approvalRequestBody = z.object({
  /** Whose approval is asked for; the request goes to whoever approves for them now. */
  userId: uuid,
  title: z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^\r\n\u0000-\u001f\u007f]*$/)),
  body: z.string().check(z.maxLength(5000)),
  url: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(2000)))),
});

export const approvalCreatedSchema = z.object({
  id: uuid,
  status: z.enum(['pending', 'approved', 'rejected']),
  /** Who the request went to: the user, or their delegate while away. */
  approverId: uuid,
});

export const approvalSchema = z.object({
  id: uuid,
  status: z.enum(['pending', 'approved', 'rejected']),
  /** Who approves it now; only while it is pending. */
  approverId: z.optional(uuid),
  decidedBy: z.nullable(uuid),
  decidedAt: z.nullable(timestamp),
  /** 'email' (a link in the approval mail) or 'api'. */
  decidedVia: z.nullable(z.string()),
});

export const USERS_PAGE_MAX = 100;
export const USERS_PAGE_DEFAULT = 50;

/** Components of the OpenAPI document, by name. */
export const API_SCHEMAS = {
  Error: errorSchema,
  User: userSchema,
  Me: meSchema,
  UserPage: userPageSchema,
  Availability: availabilitySchema,
  Approver: approverSchema,
  PinVerifyRequest: pinVerifyBody,
  PinVerifyResult: pinVerifySchema,
  NotificationRequest: notificationBody,
  NotificationResult: notificationResultSchema,
  ReminderRequest: reminderBody,
  ReminderCancelRequest: reminderCancelBody,
  ReminderResult: reminderResultSchema,
  ReminderCancelResult: reminderCancelResultSchema,
  ApprovalRequest: approvalRequestBody,
  ApprovalCreated: approvalCreatedSchema,
  Approval: approvalSchema,
} as const;
export type ApiSchemaName = keyof typeof API_SCHEMAS;
