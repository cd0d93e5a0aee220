import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { checkPassword, isCommonPassword } from '@/lib/security/common-passwords';
import {
  PASSWORD_MESSAGES,
  PASSWORD_RULES,
  passwordProblems,
  passwordRuleErrors,
  passwordSchema,
  ruleState,
  type PasswordContext,
} from '@/lib/security/password-policy';
import de from '@/messages/de.json';
import en from '@/messages/en.json';
import ru from '@/messages/ru.json';

const STRONG = 'tR7#vq!Lz2@mXw';

describe('structural rules', () => {
  it.each([
    ['Ab1!xyz', 'errors.password.tooShort'],
    ['abcdefg1!', 'errors.password.upper'],
    ['ABCDEFG1!', 'errors.password.lower'],
    ['Abcdefgh!', 'errors.password.digit'],
    ['Abcdefgh1', 'errors.password.special'],
  ])('%s fails with its own message', (pw, message) => {
    expect(passwordRuleErrors(pw)).toEqual([message]);
  });

  it('reports every missing rule at once', () => {
    expect(passwordRuleErrors('')).toEqual([
      'errors.password.tooShort',
      'errors.password.upper',
      'errors.password.lower',
      'errors.password.digit',
      'errors.password.special',
    ]);
  });

  it('accepts 128 characters and refuses 129 without truncating', () => {
    const pw128 = 'Aa1!' + 'x'.repeat(124);
    expect(passwordRuleErrors(pw128)).toEqual([]);
    expect(passwordRuleErrors(pw128 + 'x')).toEqual(['errors.password.tooLong']);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(passwordRuleErrors('Aa1!😀😀😀😀')).toEqual([]);
    expect(passwordRuleErrors('Aa1!😀😀😀')).toEqual(['errors.password.tooShort']);
  });

  it('counts length after NFKC', () => {
    // U+FB03 (ﬃ) expands to "ffi" under NFKC.
    expect(passwordRuleErrors('Ab1!\uFB03x')).toEqual([]);
  });

  it('classifies letters and digits in any script', () => {
    expect(passwordRuleErrors('Ünïcødé9!x')).toEqual([]);
    expect(passwordRuleErrors('Пароль123!')).toEqual([]);
    expect(passwordRuleErrors('Aa!x\u0663\u0664\u0665\u0666')).toEqual([]); // Arabic-Indic digits
    expect(passwordRuleErrors('\u1FBCabcde1!')).toEqual([]); // titlecase ᾼ counts as uppercase
    expect(passwordRuleErrors('Ab1 cdefg')).toEqual([]); // a space is a special character
  });

  it('does not let caseless letters stand in for upper or lower case', () => {
    expect(passwordRuleErrors('密码密码密码1!')).toEqual(['errors.password.upper', 'errors.password.lower']);
  });

  it('are the rules of the list that need the password alone', () => {
    const alone = PASSWORD_RULES.filter((r) => r.needs === 'password').map((r) => r.id);
    expect(alone).toEqual(['length', 'upper', 'lower', 'digit', 'special']);
    expect(PASSWORD_RULES.map((r) => ruleState(r, 'abc'))).toEqual([
      'notMet',
      'notMet',
      'met',
      'notMet',
      'notMet',
      'onSave',
      'onSave',
    ]);
    expect(PASSWORD_RULES.filter((r) => r.needs === 'password').every((r) => ruleState(r, STRONG) === 'met')).toBe(
      true,
    );
    expect(ruleState(PASSWORD_RULES[0], 'Aa1!' + 'x'.repeat(125))).toBe('notMet');
  });
});

describe('passwordSchema', () => {
  it('passes a strong password through unchanged', () => {
    expect(passwordSchema.parse(STRONG)).toBe(STRONG);
  });

  it('turns each structural failure into an issue', () => {
    const result = passwordSchema.safeParse('abc');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'errors.password.tooShort',
      'errors.password.upper',
      'errors.password.digit',
      'errors.password.special',
    ]);
  });
});

describe('common passwords', () => {
  const COMMON = 'errors.password.common';

  it('ships a list of at least 3,000 lower-cased entries that pass the structural rules', () => {
    const lines = readFileSync(join(process.cwd(), 'lib/security/common-passwords.txt'), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.every((l) => l === l.normalize('NFKC').toLowerCase())).toBe(true);
    const capitalised = (l: string) => l.replace(/\p{Ll}/u, (c) => c.toUpperCase());
    expect(lines.filter((l) => passwordRuleErrors(capitalised(l)).length > 0)).toEqual([]);
  });

  it.each(['Password1!', 'Welcome2026!', 'P@ssw0rd', 'P@ssw0rd!', 'Qwerty123!', 'Summer2024!'])('refuses %s', (pw) => {
    expect(passwordRuleErrors(pw)).toEqual([]);
    expect(isCommonPassword(pw)).toBe(true);
    expect(checkPassword(pw)).toEqual([COMMON]);
  });

  it('compares case-insensitively', () => {
    expect(isCommonPassword('pASSWORD1!')).toBe(true);
  });

  it('catches a full-width common password after NFKC', () => {
    expect(isCommonPassword('Ｐａｓｓｗｏｒｄ１！')).toBe(true);
    expect(checkPassword('Ｐａｓｓｗｏｒｄ１！')).toEqual([COMMON]);
  });

  it('does not flag a strong random password', () => {
    expect(isCommonPassword(STRONG)).toBe(false);
    expect(checkPassword(STRONG)).toEqual([]);
  });
});

describe('personal information', () => {
  const PERSONAL = 'errors.password.personal';
  const ctx: PasswordContext = {
    email: 'jane.doe@acme.example',
    firstName: 'Jane',
    lastName: 'Smith',
    orgName: 'Globex Holdings Inc',
  };

  it.each([
    ['the email local part', 'X1!jane.doeQ'],
    ['the first name', 'Zq9#JANEzz'],
    ['the last name', 'Zq9#smithzz'],
    ['a word of the organization name', 'Zq9#holdingsz'],
    ['the whole organization name', 'Zq9#globex holdings incz'],
    ['a full-width first name', 'Zq9#Ｊａｎｅzz'],
  ])('refuses %s', (_what, pw) => {
    expect(checkPassword(pw, ctx)).toEqual([PERSONAL]);
  });

  it('ignores parts that are too short to matter', () => {
    const short: PasswordContext = { email: 'al@x.io', firstName: 'Bo', lastName: 'Li', orgName: 'Inc Co' };
    expect(checkPassword('Zq9#alboliincz', short)).toEqual([]);
  });

  it('uses the part before the last @ of the email', () => {
    expect(checkPassword('Zq9#"a@b"zz', { email: '"a@b"@example.com' })).toEqual([PERSONAL]);
  });

  it('accepts a strong password unrelated to the user', () => {
    expect(checkPassword(STRONG, ctx)).toEqual([]);
  });

  it('tolerates missing and null context fields', () => {
    expect(checkPassword(STRONG, { email: null, firstName: null, lastName: undefined })).toEqual([]);
  });

  it('lists every failing rule together', () => {
    expect(checkPassword('jane', ctx)).toEqual([
      'errors.password.tooShort',
      'errors.password.upper',
      'errors.password.digit',
      'errors.password.special',
      PERSONAL,
    ]);
  });
});

describe('one rule list for the checklist and the server', () => {
  const ctx: PasswordContext = { email: 'grace@navy.example', firstName: 'Grace', lastName: 'Hopper', orgName: 'Navy' };

  it('the server refuses a password exactly for the rules of the list it breaks', () => {
    for (const pw of ['', 'abc', 'Password1!', 'Zq9#GraceQ', 'Password1!grace', STRONG, 'x'.repeat(200)]) {
      const broken = PASSWORD_RULES.flatMap((rule) => rule.problems(pw, { personal: ctx, isCommon: isCommonPassword }));
      expect(checkPassword(pw, ctx), pw).toEqual(broken);
      expect(passwordProblems(pw, { personal: ctx, isCommon: isCommonPassword })).toEqual(broken);
    }
  });

  it('every message the server refuses with belongs to a rule the checklist shows', () => {
    const ruleOf = new Map<string, string>();
    const samples = ['', 'abc', 'x'.repeat(200), 'ABC', '123', 'Password1!', 'Zq9#GraceQ', '密码'];
    for (const rule of PASSWORD_RULES)
      for (const pw of samples)
        for (const message of rule.problems(pw, { personal: ctx, isCommon: isCommonPassword }))
          ruleOf.set(message, rule.id);
    // Each password message is reached by some rule of the list, and by one only.
    expect(new Set(ruleOf.keys())).toEqual(new Set(Object.values(PASSWORD_MESSAGES)));
    expect(Object.fromEntries(ruleOf)).toEqual({
      'errors.password.tooShort': 'length',
      'errors.password.tooLong': 'length',
      'errors.password.upper': 'upper',
      'errors.password.lower': 'lower',
      'errors.password.digit': 'digit',
      'errors.password.special': 'special',
      'errors.password.personal': 'personal',
      'errors.password.common': 'common',
    });
  });

  it('the checklist has a label for every rule, in every language', () => {
    for (const catalog of [en, de, ru]) {
      const labels = catalog.passwordRules as Record<string, string>;
      for (const rule of PASSWORD_RULES) expect(labels[rule.id], rule.id).toBeTruthy();
    }
  });

  it('ticks the personal rule in the browser when the page gives the details, else leaves it to the server', () => {
    const personal = PASSWORD_RULES.find((r) => r.id === 'personal')!;
    expect(ruleState(personal, 'Zq9#GraceQ', ctx)).toBe('notMet');
    expect(ruleState(personal, STRONG, ctx)).toBe('met');
    expect(ruleState(personal, STRONG)).toBe('onSave');
    const common = PASSWORD_RULES.find((r) => r.id === 'common')!;
    expect(ruleState(common, 'Password1!', ctx)).toBe('onSave');
  });

  it('five ticks in the browser and the personal rule met leave only the common list to refuse', () => {
    for (const pw of ['Zq9#GraceQ', 'Hopper!2x', 'Navy-Blue-77', STRONG, 'Password1!']) {
      const ticked = PASSWORD_RULES.filter((r) => ruleState(r, pw, ctx) === 'met').map((r) => r.id);
      const refused = checkPassword(pw, ctx);
      if (ticked.length === 6)
        expect(
          refused.filter((m) => m !== PASSWORD_MESSAGES.common),
          pw,
        ).toEqual([]);
      else expect(refused.length, pw).toBeGreaterThan(0);
    }
  });
});
