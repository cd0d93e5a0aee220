import type { MessageKey } from '@/lib/i18n/message';

/**
 * Characters no text field keeps: C0 controls other than tab, line feed and carriage return
 * (NUL cannot even be stored by PostgreSQL), DEL, C1 controls, and the bidirectional embeddings,
 * overrides and isolates that make one string display as another. One rule for every field and
 * every filter, in the browser and on the server.
 */
const FORBIDDEN = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]';
const FORBIDDEN_ONE = new RegExp(FORBIDDEN);
const FORBIDDEN_ALL = new RegExp(FORBIDDEN, 'g');

export const CONTROL_CHARACTERS_MESSAGE: MessageKey = 'errors.controlCharacters';

export function hasForbiddenCharacters(value: string): boolean {
  return FORBIDDEN_ONE.test(value);
}

/** For search filters: such characters are dropped, never an error and never sent to the database. */
export function withoutForbiddenCharacters(value: string): string {
  return value.replace(FORBIDDEN_ALL, '');
}
