import { describe, expect, it } from 'vitest';

import { createTokenSchema, EXPIRY_CHOICES, expiryDays } from './schemas';
import { TOKEN_EXPIRY_DAYS } from './scopes';

const parse = (value: Record<string, unknown>) => createTokenSchema.safeParse(value);
const issues = (value: Record<string, unknown>) =>
  parse(value).error?.issues.map((i) => `${i.path.join('.')}:${i.message}`) ?? [];

describe('createTokenSchema', () => {
  it('offers the days of TOKEN_EXPIRY_DAYS and a date', () => {
    expect(EXPIRY_CHOICES.map(expiryDays)).toEqual([...TOKEN_EXPIRY_DAYS, null]);
  });

  it('takes one box, several, or none as the form and react-hook-form send them', () => {
    const base = { name: 'App', expires: '30' };
    expect(parse({ ...base, scopes: 'profile:read' }).data?.scopes).toEqual(['profile:read']);
    expect(parse({ ...base, scopes: ['profile:read', 'users:read'] }).data?.scopes).toEqual([
      'profile:read',
      'users:read',
    ]);
    expect(issues({ ...base })).toEqual(['scopes:tokens.errors.noScope']);
    expect(issues({ ...base, scopes: false })).toEqual(['scopes:tokens.errors.noScope']);
    expect(issues({ ...base, scopes: ['admin:all'] })).toEqual(['scopes.0:errors.invalidValue']);
  });

  it('wants a name, a known expiry and, for a date, a real one', () => {
    const ok = { name: 'App', scopes: 'profile:read' };
    expect(issues({ ...ok, name: '  ', expires: '30' })).toEqual(['name:errors.required']);
    expect(issues({ ...ok, expires: '12' })).toEqual(['expires:tokens.errors.expires']);
    expect(issues({ ...ok, expires: 'date' })).toEqual(['expiresOn:tokens.errors.date']);
    expect(issues({ ...ok, expires: 'date', expiresOn: '2026-02-30' })).toEqual(['expiresOn:tokens.errors.date']);
    expect(issues({ ...ok, expires: 'date', expiresOn: '2026-02-28' })).toEqual([]);
    // A date left in the field is ignored when days are chosen.
    expect(issues({ ...ok, expires: '7', expiresOn: 'whatever' })).toEqual([]);
  });
});
