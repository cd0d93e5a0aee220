import { z } from '@/lib/actions/zod';

export const confirmEmailSchema = z.object({ token: z.string().check(z.maxLength(200)) });
