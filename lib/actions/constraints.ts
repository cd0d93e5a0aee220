import type { z } from 'zod';

/** The HTML attributes a browser enforces before a form is sent, read off a zod field. */
export type HtmlConstraints = {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
};

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType };
type Bounds = {
  minLength?: number | null;
  maxLength?: number | null;
  minValue?: number | null;
  maxValue?: number | null;
};

const lower = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);
const higher = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const finite = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);

function walk(field: z.ZodType, out: HtmlConstraints & { optional?: boolean }): void {
  const def = (field as unknown as { def: Def }).def;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
      out.optional = true;
      if (def.innerType) walk(def.innerType, out);
      return;
    case 'pipe':
      // Both ends check what was typed (a transform between them only tidies it).
      if (def.in) walk(def.in, out);
      if (def.out) walk(def.out, out);
      return;
    case 'string': {
      const { minLength, maxLength } = field as unknown as Bounds;
      out.maxLength = lower(out.maxLength, finite(maxLength));
      out.minLength = higher(out.minLength, finite(minLength));
      return;
    }
    case 'number': {
      const { minValue, maxValue } = field as unknown as Bounds;
      out.min = higher(out.min, finite(minValue));
      out.max = lower(out.max, finite(maxValue));
      return;
    }
    default:
      return;
  }
}

/**
 * `maxLength`, `required`, `min` and `max` for an input, from the schema the server checks, so
 * the two never disagree. `required` only when an empty value is refused; `minLength` above 1 is
 * left to the schema's own message.
 */
export function htmlConstraints(field: z.ZodType): HtmlConstraints {
  const found: HtmlConstraints & { optional?: boolean } = {};
  walk(field, found);
  const result: HtmlConstraints = {};
  if (!found.optional && (found.minLength ?? 0) >= 1) result.required = true;
  if (found.maxLength !== undefined) result.maxLength = found.maxLength;
  if (found.min !== undefined) result.min = found.min;
  if (found.max !== undefined) result.max = found.max;
  return result;
}

/** The constraints of one field of an object schema, by name: `{...constraintsOf(schema, 'jobTitle')}`. */
export function constraintsOf<S extends z.ZodObject>(schema: S, name: keyof S['shape'] & string): HtmlConstraints {
  return htmlConstraints(schema.shape[name] as z.ZodType);
}
