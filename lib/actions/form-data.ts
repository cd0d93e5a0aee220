import type { MessageKey } from '@/lib/i18n/message';

import { CONTROL_CHARACTERS_MESSAGE, hasForbiddenCharacters } from './text-rules';

/**
 * FormData → plain object for zod. Repeated keys become arrays; `name[]` always does; empty
 * file inputs are dropped. Coercion of numbers, booleans and dates is the schema's job
 * (see `fields` in ./schema-fields), so the raw strings stay strings here.
 */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of formData.entries()) {
    if (rawKey.startsWith('$ACTION')) continue;
    if (typeof value !== 'string' && value.size === 0 && !value.name) continue;
    const isList = rawKey.endsWith('[]');
    const key = isList ? rawKey.slice(0, -2) : rawKey;
    if (key in out) {
      const existing = out[key];
      out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    } else {
      out[key] = isList ? [value] : value;
    }
  }
  return out;
}

/**
 * Every submitted text field holding a character no field keeps (see ./text-rules), with the
 * message for it: the guard in front of every schema, so such input gets a field error and never
 * reaches the database, whatever a schema forgot. Secret fields are left to their own checks.
 */
export function forbiddenCharacterErrors(formData: FormData, skip: RegExp): Record<string, MessageKey[]> | null {
  let errors: Record<string, MessageKey[]> | null = null;
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION') || skip.test(key)) continue;
    if (hasForbiddenCharacters(value) || hasForbiddenCharacters(key))
      (errors ??= {})[key.replace(/\[\]$/, '')] = [CONTROL_CHARACTERS_MESSAGE];
  }
  return errors;
}
