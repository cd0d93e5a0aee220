import type { MessageKey } from '../i18n/message';
import * as z from './zod-api';

/**
 * zod, as every schema of Roster uses it: zod mini, whose functional API (`z.string().check(
 * z.trim())`, not `z.string().trim()`) lets the bundler keep only what is used, since the same
 * schemas run in the browser. A check that names no message of its own still reports a catalog
 * key, never zod's English text: a missing field is "Fill in this field.", anything else "This
 * value is not valid." Schemas import `z` from here (the lint rule says so).
 */
z.config({
  customError: (issue): MessageKey => (issue.input === undefined ? 'errors.required' : 'errors.invalidValue'),
});

export { z };
