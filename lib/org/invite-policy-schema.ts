import { z } from '@/lib/actions/zod';

import type { InvitePolicy } from './invite-policy';

/** Repeated here rather than imported: lib/org/invite-policy uses node:url, which the browser lacks. */
export const INVITE_POLICY_OPTIONS = ['admins', 'managers', 'everyone'] as const satisfies readonly InvitePolicy[];
export const DOMAINS_TEXT_MAX = 10_000;

/** Domains are checked and normalised by the action (IDNA needs node:url); here only the size. */
export const invitePolicySchema = z.object({
  invitePolicy: z.enum(INVITE_POLICY_OPTIONS, { error: 'invites.errors.policy' }),
  allowedDomains: z._default(z.optional(z.string().check(z.maxLength(DOMAINS_TEXT_MAX, 'errors.tooLong'))), ''),
});
export type InvitePolicyValues = z.input<typeof invitePolicySchema>;
export type InvitePolicyInput = z.output<typeof invitePolicySchema>;
