import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';

export const NAME_MAX = 100;
export const MANAGED_ROLE_OPTIONS = ['member', 'admin', 'owner'] as const;

/** Characters that NFKC turns into "@" (full-width and small commercial at). */
const LOOKALIKE_AT = /[\uFF20\uFE6B]/;

/**
 * Shared by the form, its action and lib/org/invite.ts (import and API too). An address written
 * with a look-alike "@" is refused outright (nobody's real address has one; it is a way to dress
 * one domain up as another). The rest is NFKC-normalised before the format check, exactly as the
 * domain policy and the stored email read it.
 */
export const inviteUserSchema = z.object({
  email: z.pipe(
    z.pipe(
      z.string({ error: 'errors.emailRequired' }).check(
        z.trim(),
        z.minLength(1, 'errors.emailRequired'),
        z.maxLength(254, 'errors.tooLong'),
        z.refine((v) => !LOOKALIKE_AT.test(v), 'errors.emailLookalikeAt'),
      ),
      z.transform((v: string) => v.normalize('NFKC').trim().toLowerCase()),
    ),
    z.email('errors.emailInvalid'),
  ),
  firstName: fields.requiredText(NAME_MAX),
  lastName: fields.requiredText(NAME_MAX),
  role: z.enum(MANAGED_ROLE_OPTIONS, { error: 'invites.errors.role' }),
});
export type InviteUserValues = z.input<typeof inviteUserSchema>;
export type InviteUserInput = z.output<typeof inviteUserSchema>;
