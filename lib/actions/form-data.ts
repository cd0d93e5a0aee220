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
