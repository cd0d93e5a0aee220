import type { z } from './zod';

/** The HTML attributes a browser enforces before a form is sent, read off a zod field. */
export type HtmlConstraints = {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
};

/** Any zod 4 schema (mini or classic): only its definition is read. */
type Schema = z.core.$ZodType;

type CheckDef = {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  format?: string;
};
type Def = { type: string; innerType?: Schema; in?: Schema; out?: Schema; checks?: Array<{ _zod: { def: CheckDef } }> };

const lower = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);
const higher = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const finite = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);

/**
 * The bounds a field's own checks set, folded the way zod reports them (the tightest of each):
 * lengths for strings, values for numbers (an exclusive bound counts as the bound itself).
 */
function bounds(def: Def): { lo?: number; hi?: number } {
  let lo: number | undefined;
  let hi: number | undefined;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    switch (c.check) {
      case 'min_length':
        lo = higher(lo, finite(c.minimum));
        break;
      case 'max_length':
        hi = lower(hi, finite(c.maximum));
        break;
      case 'length_equals':
        lo = higher(lo, finite(c.length));
        hi = lower(hi, finite(c.length));
        break;
      case 'greater_than':
        lo = higher(lo, finite(c.value));
        break;
      case 'less_than':
        hi = lower(hi, finite(c.value));
        break;
      case 'number_format':
        // `z.int()`: a whole number within JavaScript's safe integers.
        if (c.format === 'safeint') {
          lo = higher(lo, Number.MIN_SAFE_INTEGER);
          hi = lower(hi, Number.MAX_SAFE_INTEGER);
        }
        break;
      default:
        break;
    }
  }
  return { lo, hi };
}

function walk(field: Schema, out: HtmlConstraints & { optional?: boolean }): void {
  const def = field._zod.def as Def;
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
      const { lo, hi } = bounds(def);
      out.maxLength = lower(out.maxLength, hi);
      out.minLength = higher(out.minLength, lo);
      return;
    }
    case 'number': {
      const { lo, hi } = bounds(def);
      out.min = higher(out.min, lo);
      out.max = lower(out.max, hi);
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
export function htmlConstraints(field: Schema): HtmlConstraints {
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
export function constraintsOf<S extends z.ZodMiniObject>(schema: S, name: keyof S['shape'] & string): HtmlConstraints {
  return htmlConstraints(schema.shape[name] as Schema);
}
