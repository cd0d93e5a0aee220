import { describe, expect, it } from 'vitest';

import { normalizeEmail } from './email';
import { safeCallbackPath } from './sign-in-schema';

describe('normalizeEmail', () => {
  it('applies NFKC, trims and lower-cases', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normalizeEmail('ＡＤＡ＠example.com')).toBe('ada@example.com');
  });
});

describe('safeCallbackPath', () => {
  it('allows only same-site relative paths', () => {
    expect(safeCallbackPath('/settings/general')).toBe('/settings/general');
    expect(safeCallbackPath('//evil.example/x')).toBe('/settings/profile');
    expect(safeCallbackPath('/\\evil.example')).toBe('/settings/profile');
    expect(safeCallbackPath('https://evil.example')).toBe('/settings/profile');
    expect(safeCallbackPath(undefined)).toBe('/settings/profile');
  });
});
