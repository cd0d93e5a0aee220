import 'server-only';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MessageKey } from '@/lib/i18n/message';

import { normalizePassword, passwordProblems, type PasswordContext } from './password-policy';

// Resolved from the working directory rather than this module's URL because Next bundles
// server code into .next/, where a path relative to the module would no longer point here.
const LIST_PATH = join(process.cwd(), 'lib/security/common-passwords.txt');

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(LIST_PATH, 'utf8')
      .split(/\r?\n/)
      .filter((line) => line.length > 0),
  );
  return common;
}

export function isCommonPassword(pw: string): boolean {
  return commonPasswords().has(normalizePassword(pw).toLowerCase());
}

/**
 * Every message that applies, by the one rule list the checklist shows (PASSWORD_RULES), with
 * the person's details and the common list: what the server refuses a new password for.
 */
export function checkPassword(pw: string, ctx: PasswordContext = {}): MessageKey[] {
  return passwordProblems(pw, { personal: ctx, isCommon: isCommonPassword });
}
