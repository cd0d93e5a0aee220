import { z } from 'zod';

import { fields } from '@/lib/actions/schema-fields';

export const forgotPasswordSchema = z.object({ email: fields.email() });
export type ForgotPasswordValues = z.input<typeof forgotPasswordSchema>;
