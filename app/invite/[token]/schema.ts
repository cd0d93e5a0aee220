import { z } from '@/lib/actions/zod';
import { passwordSchema } from '@/lib/security/password-policy';

export const acceptInvitationSchema = z
  .object({
    token: z.string().check(z.minLength(1), z.maxLength(200)),
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .check(
    z.refine((d) => d.password === d.confirmPassword, { path: ['confirmPassword'], message: 'errors.passwordsDiffer' }),
  );

export type AcceptInvitationValues = z.input<typeof acceptInvitationSchema>;
