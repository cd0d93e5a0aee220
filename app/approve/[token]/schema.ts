import { z } from '@/lib/actions/zod';

export const decideSchema = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(200)),
  // The button pressed: both post the same form.
  decision: z.enum(['approve', 'reject'], 'errors.invalidValue'),
});
