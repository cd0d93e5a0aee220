import { z } from '@/lib/actions/zod';

import { passwordSchema } from './password-policy';

const optionalPassword = z.optional(z.string().check(z.maxLength(1024, 'errors.passwordTooLong')));

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string()
      .check(z.minLength(1, 'errors.currentPasswordRequired'), z.maxLength(1024, 'errors.passwordTooLong')),
    newPassword: passwordSchema,
    confirmNewPassword: z.string(),
  })
  .check(
    z.refine((d) => d.newPassword === d.confirmNewPassword, {
      path: ['confirmNewPassword'],
      message: 'errors.passwordsDiffer',
    }),
  );
export type ChangePasswordValues = z.input<typeof changePasswordSchema>;
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

export const enableTwoFactorSchema = z.object({
  code: z.string().check(z.trim(), z.regex(/^\d{3} ?\d{3}$/, 'security.codeFormat')),
  password: optionalPassword,
});
export type EnableTwoFactorValues = z.input<typeof enableTwoFactorSchema>;
export type EnableTwoFactorInput = z.output<typeof enableTwoFactorSchema>;

export const confirmWithPasswordSchema = z.object({ password: optionalPassword });
export type ConfirmWithPasswordValues = z.input<typeof confirmWithPasswordSchema>;
export type ConfirmWithPasswordInput = z.output<typeof confirmWithPasswordSchema>;

export const setPinSchema = z.object({
  pin: z.string().check(z.trim(), z.regex(/^\d{6,8}$/, 'errors.pin.format')),
  password: optionalPassword,
});
export type SetPinValues = z.input<typeof setPinSchema>;
export type SetPinInput = z.output<typeof setPinSchema>;

/** Session ids are base64url: anything else names no session and never reaches the database. */
export const endSessionSchema = z.object({ sessionId: z.string().check(z.regex(/^[A-Za-z0-9_-]{10,100}$/)) });
export type EndSessionInput = z.output<typeof endSessionSchema>;

export const endOtherSessionsSchema = z.object({});
export type EndOtherSessionsInput = z.output<typeof endOtherSessionsSchema>;
