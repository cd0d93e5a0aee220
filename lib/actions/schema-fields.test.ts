import { describe, expect, it } from 'vitest';

import { fields, isUuid } from './schema-fields';

const errorsOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => i.message);

describe('shared form fields', () => {
  it('checkbox: "on" and a script’s true are ticked; nothing, "off" or anything else is not', () => {
    const box = fields.checkbox();
    for (const v of ['on', 'true', '1', true]) expect(box.parse(v), String(v)).toBe(true);
    for (const v of [undefined, '', 'off', 'false', false, 'yes']) expect(box.parse(v), String(v)).toBe(false);
  });

  it('uuid: the shape PostgreSQL prints, in any case; anything else names nothing', () => {
    const id = fields.uuid();
    expect(id.parse(' 0C8E5C1E-9D1A-4F5B-8B67-2E1F0A3B4C5D ')).toBe('0C8E5C1E-9D1A-4F5B-8B67-2E1F0A3B4C5D');
    for (const v of ['', 'x', '0c8e5c1e9d1a4f5b8b672e1f0a3b4c5d', "1' or '1'='1", 7]) {
      expect(errorsOf(id.safeParse(v)), String(v)).toEqual(['errors.notFound']);
    }
    expect(isUuid('0c8e5c1e-9d1a-4f5b-8b67-2e1f0a3b4c5d')).toBe(true);
    expect(isUuid(null)).toBe(false);
  });

  it('integer: whole numbers within the bounds, from the string a form sends', () => {
    const minutes = fields.integer(5, 1440);
    expect(minutes.parse('30')).toBe(30);
    for (const v of ['4', '1441', '7.5', 'abc', ''])
      expect(errorsOf(minutes.safeParse(v)), v).toContain('errors.range');
  });

  it('date: YYYY-MM-DD of a day that exists', () => {
    const day = fields.date();
    expect(day.parse('2024-02-29')).toBe('2024-02-29');
    for (const v of ['2023-02-29', '2024-13-01', '29.02.2024', '2024-2-9', '']) {
      expect(errorsOf(day.safeParse(v)), v).toContain('errors.date');
    }
  });

  it('email: trimmed, NFKC and lower case before it is checked and stored', () => {
    expect(fields.email().parse('  Ada@Example.TEST ')).toBe('ada@example.test');
    expect(errorsOf(fields.email().safeParse(''))).toEqual(['errors.emailRequired']);
    expect(errorsOf(fields.email().safeParse('not-an-address'))).toEqual(['errors.emailInvalid']);
  });

  it('personName: single spaces, required, bounded, no control characters', () => {
    const name = fields.personName();
    expect(name.parse('  Ada   Lovelace ')).toBe('Ada Lovelace');
    expect(errorsOf(name.safeParse('   '))).toEqual(['errors.required']);
    expect(errorsOf(name.safeParse('x'.repeat(101)))).toEqual(['errors.tooLong']);
    expect(errorsOf(name.safeParse('Ada\u202Eecalevol'))).toHaveLength(1);
  });
});
