import { z } from '@/lib/actions/zod';

import { normalizeEmail } from '../auth/email';
import { CONTROL_CHARACTERS_MESSAGE, hasForbiddenCharacters } from './text-rules';

const clean = (v: string) => !hasForbiddenCharacters(v);

/** A UUID as PostgreSQL prints it (any case); ids from forms and URLs are checked with it before a query. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_PATTERN.test(value);

/** A box that sends "on" (or a script's true/"true"/"1"); unchecked sends nothing. */
const ticked = (v: unknown) => v === true || v === 'on' || v === 'true' || v === '1';

/**
 * zod helpers for values that arrive as FormData strings. Messages are keys of messages/*.json:
 * the same schema runs in the browser and on the server, and each side shows them translated.
 */
export const fields = {
  text: (max = 200) =>
    z.string().check(z.trim(), z.maxLength(max, 'errors.tooLong'), z.refine(clean, CONTROL_CHARACTERS_MESSAGE)),
  requiredText: (max = 200) =>
    z
      .string({ error: 'errors.required' })
      .check(
        z.trim(),
        z.minLength(1, 'errors.required'),
        z.maxLength(max, 'errors.tooLong'),
        z.refine(clean, CONTROL_CHARACTERS_MESSAGE),
      ),
  /** An unchecked box sends nothing at all, so a missing key means false. */
  checkbox: () => z.pipe(z.transform(ticked), z.boolean()),
  /** An id from the form: its shape only; whether it names a record of the actor's organization is the domain function's check. */
  uuid: (message = 'errors.notFound') => z.string({ error: message }).check(z.trim(), z.regex(UUID_PATTERN, message)),
  /** A whole number typed or chosen in a form (`<input type="number">` or a select). */
  integer: (min: number, max: number, message = 'errors.range') =>
    z.coerce.number({ error: message }).check(z.int(message), z.gte(min, message), z.lte(max, message)),
  /** A calendar date from `<input type="date">` (YYYY-MM-DD), which must exist. */
  date: (message = 'errors.date') =>
    z.string({ error: message }).check(
      z.trim(),
      z.regex(/^\d{4}-\d{2}-\d{2}$/, message),
      z.refine((v) => {
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
      }, message),
    ),
  /** A first or last name: required, at most 100 characters, no control characters, single spaces. */
  personName: (max = 100) =>
    z.pipe(
      z.pipe(
        z.string({ error: 'errors.required' }),
        z.transform((v: string) => v.normalize('NFC').replace(/\s+/g, ' ').trim()),
      ),
      z
        .string()
        .check(
          z.minLength(1, 'errors.required'),
          z.maxLength(max, 'errors.tooLong'),
          z.refine(clean, CONTROL_CHARACTERS_MESSAGE),
        ),
    ),
  email: () =>
    z.pipe(
      z.pipe(
        z
          .string({ error: 'errors.emailRequired' })
          .check(
            z.trim(),
            z.minLength(1, 'errors.emailRequired'),
            z.maxLength(254, 'errors.tooLong'),
            z.refine(clean, CONTROL_CHARACTERS_MESSAGE),
          ),
        z.transform(normalizeEmail),
      ),
      z.email('errors.emailInvalid'),
    ),
};
