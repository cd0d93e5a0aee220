import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';

import { TOKEN_SCOPES } from './scopes';

/** The "Expires" choices: TOKEN_EXPIRY_DAYS from now, or a date picked in the form. */
export const EXPIRY_CHOICES = ['7', '30', '90', '365', 'date'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];
export const expiryDays = (choice: ExpiryChoice): number | null => (choice === 'date' ? null : Number(choice));

/** Boxes of one name arrive as nothing, one string or a list (a form post), or as a list or false (react-hook-form). */
const asList = (value: unknown): unknown[] =>
  value === undefined || value === null || value === false ? [] : Array.isArray(value) ? value : [value];

export const createTokenSchema = z
  .object({
    name: fields.requiredText(100),
    scopes: z.pipe(
      z.transform(asList),
      z
        .array(z.enum(TOKEN_SCOPES, { error: 'errors.invalidValue' }))
        .check(z.minLength(1, 'tokens.errors.noScope'), z.maxLength(TOKEN_SCOPES.length, 'errors.invalidValue')),
    ),
    expires: z.enum(EXPIRY_CHOICES, { error: 'tokens.errors.expires' }),
    expiresOn: z.optional(z.string().check(z.trim(), z.maxLength(10, 'tokens.errors.date'))),
  })
  .check(
    z.superRefine(({ expires, expiresOn }, ctx) => {
      if (expires !== 'date') return;
      if (!fields.date('tokens.errors.date').safeParse(expiresOn ?? '').success)
        ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'tokens.errors.date' });
    }),
  );
export type CreateTokenValues = z.input<typeof createTokenSchema>;
export type CreateTokenInput = z.output<typeof createTokenSchema>;

export const tokenIdSchema = z.object({ tokenId: fields.uuid() });
export type TokenIdInput = z.output<typeof tokenIdSchema>;

/** The admin's revoke button names the person too, so the page it returns to is theirs. */
export const adminTokenSchema = z.object({ userId: fields.uuid(), tokenId: fields.uuid() });
export type AdminTokenInput = z.output<typeof adminTokenSchema>;
