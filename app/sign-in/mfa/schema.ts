import { z } from '@/lib/actions/zod';

export const mfaSchema = z.object({
  code: z.string().trim().min(1, 'mfa.codeRequired').max(40, 'mfa.codeRequired'),
  callbackUrl: z.string().max(2000).optional(),
});
export type MfaValues = z.input<typeof mfaSchema>;
