import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';

/** A WebAuthn response as the browser library hands it over, posted as JSON text (at most 16 KB). */
const ceremonyJson = z.string({ error: 'passkeys.errors.failed' }).check(z.maxLength(16_384, 'passkeys.errors.failed'));

export const addPasskeySchema = z.object({ name: fields.requiredText(60), response: ceremonyJson });
export const passkeySignInSchema = z.object({
  response: ceremonyJson,
  callbackUrl: z.optional(z.string().check(z.maxLength(2000))),
});
export const renamePasskeySchema = z.object({ passkeyId: fields.uuid(), name: fields.requiredText(60) });
export const removePasskeySchema = z.object({
  passkeyId: fields.uuid(),
  password: z.optional(z.string().check(z.maxLength(1024))),
});
export type AddPasskeyValues = z.input<typeof addPasskeySchema>;
