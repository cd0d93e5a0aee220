import { z } from 'zod';

export const signInSchema = z.object({
  email: z.string().trim().min(1, 'errors.emailRequired').max(254, 'errors.tooLong'),
  password: z.string().min(1, 'errors.passwordRequired').max(1024, 'errors.passwordTooLong'),
  callbackUrl: z.string().max(2000).optional(),
});

export type SignInValues = z.input<typeof signInSchema>;

/** Only same-site relative paths; anything else goes to the settings home. */
export function safeCallbackPath(value: string | undefined | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/settings/profile';
  if (value.startsWith('/sign-in') || value.startsWith('/setup')) return '/settings/profile';
  return value;
}
