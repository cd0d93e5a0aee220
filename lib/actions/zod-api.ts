/**
 * The parts of zod mini that Roster's schemas use, by name: what lib/actions/zod.ts hands out as
 * `z`. Naming them is what lets the bundler leave the rest of zod out of the browser's code (a
 * namespace of the whole library keeps every export). A schema that needs another function adds
 * it here.
 */
export {
  _default,
  array,
  boolean,
  catch,
  coerce,
  config,
  custom,
  email,
  enum,
  extend,
  gt,
  gte,
  int,
  lt,
  lte,
  maxLength,
  minLength,
  NEVER,
  number,
  object,
  optional,
  pipe,
  positive,
  refine,
  regex,
  string,
  superRefine,
  transform,
  trim,
  uuid,
} from 'zod/mini';
export type { core, input, output, ZodMiniObject, ZodMiniType } from 'zod/mini';
