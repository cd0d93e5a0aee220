import { z } from '@/lib/actions/zod';

export const mfaSchema = z.object({
  code: z.string().check(z.trim(), z.minLength(1, 'mfa.codeRequired'), z.maxLength(40, 'mfa.codeRequired')),
  callbackUrl: z.optional(z.string().check(z.maxLength(2000))),
});
export type MfaValues = z.input<typeof mfaSchema>;
