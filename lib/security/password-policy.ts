import { z } from '@/lib/actions/zod';
import type { MessageKey } from '@/lib/i18n/message';

// Client-safe: no Node modules here. The common-password list lives in ./common-passwords.ts.

export type PasswordContext = {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  orgName?: string | null;
};

export type PasswordRule = {
  id: 'length' | 'upper' | 'lower' | 'digit' | 'special';
  label: string;
  test: (pw: string) => boolean;
};

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Message keys (messages/*.json), translated where they are shown. */
export const PASSWORD_MESSAGES = {
  tooShort: 'errors.password.tooShort',
  tooLong: 'errors.password.tooLong',
  upper: 'errors.password.upper',
  lower: 'errors.password.lower',
  digit: 'errors.password.digit',
  special: 'errors.password.special',
  common: 'errors.password.common',
  personal: 'errors.password.personal',
} as const satisfies Record<string, MessageKey>;

// Hashing also normalises with NFKC, so the rules judge exactly what gets stored.
export const normalizePassword = (pw: string): string => pw.normalize('NFKC');

// Code points, not UTF-16 units, so an emoji or a CJK extension character counts once.
const codePointLength = (s: string): number => [...s].length;

const UPPER = /[\p{Lu}\p{Lt}]/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{Nd}/u;
const SPECIAL = /[^\p{L}\p{N}]/u;

const has = (re: RegExp) => (pw: string) => re.test(normalizePassword(pw));

export const PASSWORD_RULES: PasswordRule[] = [
  {
    id: 'length',
    label: 'passwordRules.length',
    test: (pw) => {
      const n = codePointLength(normalizePassword(pw));
      return n >= PASSWORD_MIN_LENGTH && n <= PASSWORD_MAX_LENGTH;
    },
  },
  { id: 'upper', label: 'passwordRules.upper', test: has(UPPER) },
  { id: 'lower', label: 'passwordRules.lower', test: has(LOWER) },
  { id: 'digit', label: 'passwordRules.digit', test: has(DIGIT) },
  { id: 'special', label: 'passwordRules.special', test: has(SPECIAL) },
];

/** Messages for the structural rules only: no list look-up, so it runs in the browser too. */
export function passwordRuleErrors(pw: string): MessageKey[] {
  const n = normalizePassword(pw);
  const errors: MessageKey[] = [];
  const length = codePointLength(n);
  if (length < PASSWORD_MIN_LENGTH) errors.push(PASSWORD_MESSAGES.tooShort);
  if (length > PASSWORD_MAX_LENGTH) errors.push(PASSWORD_MESSAGES.tooLong);
  if (!UPPER.test(n)) errors.push(PASSWORD_MESSAGES.upper);
  if (!LOWER.test(n)) errors.push(PASSWORD_MESSAGES.lower);
  if (!DIGIT.test(n)) errors.push(PASSWORD_MESSAGES.digit);
  if (!SPECIAL.test(n)) errors.push(PASSWORD_MESSAGES.special);
  return errors;
}

const fold = (s: string): string => normalizePassword(s).toLowerCase();

/** The lower-cased fragments of the user's identity that a password must not contain. */
export function personalTokens(ctx: PasswordContext = {}): string[] {
  const tokens: string[] = [];
  const add = (value: string | null | undefined, min: number) => {
    const t = fold(value ?? '').trim();
    if (codePointLength(t) >= min) tokens.push(t);
  };
  const email = ctx.email ?? '';
  const at = email.lastIndexOf('@');
  add(at >= 0 ? email.slice(0, at) : email, 3);
  add(ctx.firstName, 3);
  add(ctx.lastName, 3);
  // A one- or two-letter organisation name would forbid nearly every password, hence the floor.
  add(ctx.orgName, 3);
  for (const word of fold(ctx.orgName ?? '').split(/\s+/u)) add(word, 4);
  return [...new Set(tokens)];
}

export function containsPersonalInfo(pw: string, ctx: PasswordContext = {}): boolean {
  const folded = fold(pw);
  return personalTokens(ctx).some((t) => folded.includes(t));
}

export const passwordSchema: z.ZodMiniType<string, string> = z.string({ error: 'errors.password.required' }).check(
  z.superRefine((pw, ctx) => {
    for (const message of passwordRuleErrors(pw)) ctx.addIssue({ code: 'custom', message });
  }),
);
