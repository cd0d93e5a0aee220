import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';
import { passwordSchema } from '@/lib/security/password-policy';

export const setupSchema = z
  .object({
    orgName: fields.requiredText(100),
    firstName: fields.requiredText(100),
    lastName: fields.requiredText(100),
    email: fields.email(),
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .check(
    z.refine((d) => d.password === d.confirmPassword, {
      path: ['confirmPassword'],
      message: 'errors.passwordsDiffer',
    }),
  );

export type SetupValues = z.input<typeof setupSchema>;
