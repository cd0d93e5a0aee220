import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';

/** The id is only a lookup key: the action loads the user within the caller's organization. */
const userId = z.string().check(z.trim(), z.maxLength(100));

export const changeEmailSchema = z.object({ userId, email: fields.email() });
export type ChangeEmailValues = z.input<typeof changeEmailSchema>;

/** Resend or cancel the email change waiting for a user. */
export const pendingEmailSchema = z.object({ userId });

export const changeRoleSchema = z.object({
  userId,
  role: z.enum(['owner', 'admin', 'member'], { error: 'orgUsers.role.invalid' }),
});
export type ChangeRoleValues = z.input<typeof changeRoleSchema>;

/** A ticked box posts "on" without JavaScript; react-hook-form hands over true. */
const ticked = fields.checkbox();

export const deactivateSchema = z.object({
  userId,
  confirm: ticked.check(z.refine((v) => v, 'orgUsers.deactivate.confirmRequired')),
});
export type DeactivateValues = z.input<typeof deactivateSchema>;

export const reactivateSchema = z.object({ userId });
export type ChangeEmailInput = z.output<typeof changeEmailSchema>;
export type ChangeRoleInput = z.output<typeof changeRoleSchema>;
export type UserIdInput = { userId: string };

export type { ManagedRole, UserStatus } from '@/db/schema';
