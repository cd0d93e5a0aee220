import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';

export const forgotPasswordSchema = z.object({ email: fields.email() });
export type ForgotPasswordValues = z.input<typeof forgotPasswordSchema>;
