import { z } from '@/lib/actions/zod';
import { passwordSchema } from '@/lib/security/password-policy';

export const resetPasswordSchema = z
  .object({
    token: z.string().min(1).max(200),
    newPassword: passwordSchema,
    confirmNewPassword: z.string(),
  })
  .refine((d) => d.newPassword === d.confirmNewPassword, {
    path: ['confirmNewPassword'],
    message: 'errors.passwordsDiffer',
  });

export type ResetPasswordValues = z.input<typeof resetPasswordSchema>;
