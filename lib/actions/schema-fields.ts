import { z } from 'zod';

import { CONTROL_CHARACTERS_MESSAGE, hasForbiddenCharacters } from './text-rules';

const clean = (v: string) => !hasForbiddenCharacters(v);

/**
 * zod helpers for values that arrive as FormData strings. Messages are keys of messages/*.json:
 * the same schema runs in the browser and on the server, and each side shows them translated.
 */
export const fields = {
  text: (max = 200) => z.string().trim().max(max, 'errors.tooLong').refine(clean, CONTROL_CHARACTERS_MESSAGE),
  requiredText: (max = 200) =>
    z
      .string({ error: 'errors.required' })
      .trim()
      .min(1, 'errors.required')
      .max(max, 'errors.tooLong')
      .refine(clean, CONTROL_CHARACTERS_MESSAGE),
  /** An unchecked box sends nothing at all, so a missing key means false. */
  checkbox: () =>
    z
      .string()
      .max(10)
      .optional()
      .transform((v) => v === 'on' || v === 'true' || v === '1'),
  email: () =>
    z
      .string({ error: 'errors.emailRequired' })
      .trim()
      .min(1, 'errors.emailRequired')
      .max(254, 'errors.tooLong')
      .refine(clean, CONTROL_CHARACTERS_MESSAGE)
      .pipe(z.email('errors.emailInvalid')),
};
