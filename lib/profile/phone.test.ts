import { describe, expect, it } from 'vitest';

import { defaultPhoneRegion, formatPhoneInternational, normalizePhone } from './phone';

describe('defaultPhoneRegion', () => {
  it('follows the interface language: de → DE, ru → RU, anything else → US', () => {
    expect(defaultPhoneRegion('de')).toBe('DE');
    expect(defaultPhoneRegion('de-AT')).toBe('DE');
    expect(defaultPhoneRegion('ru')).toBe('RU');
    expect(defaultPhoneRegion('en')).toBe('US');
    expect(defaultPhoneRegion('fr')).toBe('US');
    expect(defaultPhoneRegion(null)).toBe('US');
  });
});

describe('normalizePhone', () => {
  it('reads national numbers in the default region', () => {
    expect(normalizePhone('(201) 555-0123', 'US')).toEqual({ ok: true, e164: '+12015550123' });
    expect(normalizePhone('030 12345678', 'DE')).toEqual({ ok: true, e164: '+493012345678' });
    expect(normalizePhone('8 (912) 345-67-89', 'RU')).toEqual({ ok: true, e164: '+79123456789' });
  });

  it('reads international numbers whatever the region', () => {
    expect(normalizePhone('+44 20 7946 0958', 'DE')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalizePhone('  +7 912 345 67 89 ', 'US')).toEqual({ ok: true, e164: '+79123456789' });
    expect(normalizePhone('0049 30 12345678', 'DE')).toEqual({ ok: true, e164: '+493012345678' });
  });

  it('refuses what is not a whole, valid number', () => {
    for (const bad of [
      '',
      '12345',
      '+1 999 999 9999',
      'abc',
      '+49 1234',
      'call me +1 201 555 0123',
      '+1'.padEnd(45, '1'),
    ]) {
      expect(normalizePhone(bad, 'US'), bad).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('refuses an extension instead of dropping it', () => {
    expect(normalizePhone('+1 201 555 0123 ext. 5', 'US')).toEqual({ ok: false, reason: 'extension' });
  });
});

describe('formatPhoneInternational', () => {
  it('groups a stored number for reading and leaves empty values empty', () => {
    expect(formatPhoneInternational('+493012345678')).toBe('+49 30 12345678');
    expect(formatPhoneInternational('+12015550123')).toBe('+1 201 555 0123');
    expect(formatPhoneInternational(null)).toBe('');
    expect(formatPhoneInternational('not a number')).toBe('not a number');
  });
});
