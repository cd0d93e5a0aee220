import 'server-only';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MessageKey } from '@/lib/i18n/message';

import {
  containsPersonalInfo,
  normalizePassword,
  PASSWORD_MESSAGES,
  passwordRuleErrors,
  type PasswordContext,
} from './password-policy';

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

/** Every message that applies: structural, then common, then personal. */
export function checkPassword(pw: string, ctx: PasswordContext = {}): MessageKey[] {
  const errors = passwordRuleErrors(pw);
  if (isCommonPassword(pw)) errors.push(PASSWORD_MESSAGES.common);
  if (containsPersonalInfo(pw, ctx)) errors.push(PASSWORD_MESSAGES.personal);
  return errors;
}
