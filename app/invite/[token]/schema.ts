import { z } from '@/lib/actions/zod';
import { passwordSchema } from '@/lib/security/password-policy';

export const acceptInvitationSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((d) => d.password === d.confirmPassword, { path: ['confirmPassword'], message: 'errors.passwordsDiffer' });

export type AcceptInvitationValues = z.input<typeof acceptInvitationSchema>;
