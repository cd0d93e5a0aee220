import { z } from '@/lib/actions/zod';
import type { MessageKey } from '@/lib/i18n/message';

// Client-safe: no Node modules here. The common-password list lives in ./common-passwords.ts.

export type PasswordContext = {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  orgName?: string | null;
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

/** What the rules judge a password against: the person's details and, on the server, the common list. */
export type PasswordCheck = {
  /** The person the password is for; without it the personal rule cannot be judged. */
  personal?: PasswordContext;
  /** The common-password list's look-up: only the server has it (./common-passwords.ts). */
  isCommon?: (pw: string) => boolean;
};

export type PasswordRuleId = 'length' | 'upper' | 'lower' | 'digit' | 'special' | 'personal' | 'common';

export type PasswordRule = {
  id: PasswordRuleId;
  /**
   * What judging it takes, so the checklist knows what it can tick while the person types: the
   * password alone, the person's details as well, or the server (the common list is too large to
   * send to the browser).
   */
  needs: 'password' | 'personal' | 'server';
  /** The messages the server refuses the password with when it breaks the rule; none when it holds. */
  problems: (pw: string, check: PasswordCheck) => MessageKey[];
};

const unless = (ok: boolean, message: MessageKey): MessageKey[] => (ok ? [] : [message]);
const matches = (re: RegExp, message: MessageKey) => (pw: string) => unless(re.test(normalizePassword(pw)), message);

/**
 * Every rule a new password must meet, in the order the messages are given: the one list that the
 * server checks (`checkPassword`), the forms' schema checks (the rules that need the password
 * alone) and the checklist under the field shows (`<PasswordChecklist>`, labels
 * `passwordRules.<id>`). A rule added here is checked and shown everywhere.
 */
export const PASSWORD_RULES: readonly PasswordRule[] = [
  {
    id: 'length',
    needs: 'password',
    problems: (pw) => {
      const n = codePointLength(normalizePassword(pw));
      if (n < PASSWORD_MIN_LENGTH) return [PASSWORD_MESSAGES.tooShort];
      return unless(n <= PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES.tooLong);
    },
  },
  { id: 'upper', needs: 'password', problems: matches(UPPER, PASSWORD_MESSAGES.upper) },
  { id: 'lower', needs: 'password', problems: matches(LOWER, PASSWORD_MESSAGES.lower) },
  { id: 'digit', needs: 'password', problems: matches(DIGIT, PASSWORD_MESSAGES.digit) },
  { id: 'special', needs: 'password', problems: matches(SPECIAL, PASSWORD_MESSAGES.special) },
  {
    id: 'personal',
    needs: 'personal',
    problems: (pw, { personal }) => unless(!containsPersonalInfo(pw, personal), PASSWORD_MESSAGES.personal),
  },
  {
    id: 'common',
    needs: 'server',
    problems: (pw, { isCommon }) => unless(!isCommon?.(pw), PASSWORD_MESSAGES.common),
  },
];

/** Every message that applies, rule by rule; a rule whose input is missing (`check`) passes. */
export function passwordProblems(pw: string, check: PasswordCheck = {}): MessageKey[] {
  return PASSWORD_RULES.flatMap((rule) => rule.problems(pw, check));
}

/** Messages for the rules on the password alone: no list look-up, so it runs in the browser too. */
export function passwordRuleErrors(pw: string): MessageKey[] {
  return PASSWORD_RULES.filter((rule) => rule.needs === 'password').flatMap((rule) => rule.problems(pw, {}));
}

/**
 * What the checklist says of a rule while the person types: met, not met yet, or (for what only
 * the server can judge, or the personal rule when the page gave no details) checked on saving.
 */
export function ruleState(rule: PasswordRule, pw: string, personal?: PasswordContext): 'met' | 'notMet' | 'onSave' {
  if (rule.needs === 'server' || (rule.needs === 'personal' && !personal)) return 'onSave';
  if (!pw) return 'notMet';
  return rule.problems(pw, { personal }).length ? 'notMet' : 'met';
}

export const passwordSchema: z.ZodMiniType<string, string> = z.string({ error: 'errors.password.required' }).check(
  z.superRefine((pw, ctx) => {
    for (const message of passwordRuleErrors(pw)) ctx.addIssue({ code: 'custom', message });
  }),
);
