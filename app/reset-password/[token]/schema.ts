import { z } from '@/lib/actions/zod';
import { passwordSchema } from '@/lib/security/password-policy';

export const resetPasswordSchema = z
  .object({
    token: z.string().check(z.minLength(1), z.maxLength(200)),
    newPassword: passwordSchema,
    confirmNewPassword: z.string(),
  })
  .check(
    z.refine((d) => d.newPassword === d.confirmNewPassword, {
      path: ['confirmNewPassword'],
      message: 'errors.passwordsDiffer',
    }),
  );

export type ResetPasswordValues = z.input<typeof resetPasswordSchema>;
