import { describe, expect, it } from 'vitest';

import { safeCallbackPath } from './sign-in-schema';

const HOME = '/settings/profile';

describe('safeCallbackPath', () => {
  it.each([
    ['/settings/general', '/settings/general'],
    ['/org-settings/users?q=Ada%20Lovelace&page=2', '/org-settings/users?q=Ada%20Lovelace&page=2'],
    ['/settings/security#passkeys', '/settings/security#passkeys'],
    // Normalised the way a browser would read it.
    ['/settings/./general', '/settings/general'],
    ['/org-settings/../settings/regional', '/settings/regional'],
    ['/notifications?q=ä', '/notifications?q=%C3%A4'],
    ['/settings/profile?next=%2F%2Fevil.example', '/settings/profile?next=%2F%2Fevil.example'],
  ])('keeps the same-origin path %j as %j', (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  // Each of these leaves the app in some browser, or cannot be sent in a Location header.
  const attacks = [
    // Whitespace and control characters that the URL parser drops or that break the header.
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\r\n/evil.example',
    '/\r\nSet-Cookie: x=1',
    '/\u0000/evil.example',
    '/\u000b/evil.example',
    '/\u000c/evil.example',
    '/\u001f/evil.example',
    '/\u007f/evil.example',
    '/\u0085/evil.example',
    '/ /evil.example',
    '\t//evil.example',
    ' //evil.example',
    '/./\t/evil.example',
    '/\t\t/evil.example',
    // Unicode whitespace and invisible characters.
    '/\u00a0/evil.example',
    '/\u1680/evil.example',
    '/\u2000/evil.example',
    '/\u200b/evil.example',
    '/\u200e/evil.example',
    '/\u202e/evil.example',
    '/\u2028/evil.example',
    '/\u2029/evil.example',
    '/\u3000/evil.example',
    '/\ufeff/evil.example',
    '/\ud800/evil.example',
    // Backslashes count as slashes in http(s) URLs.
    '\\evil.example',
    '\\\\evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/settings\\..\\..\\/evil.example',
    // Absolute and scheme-relative URLs.
    'https://evil.example',
    'http://evil.example/settings/profile',
    'HTTPS://evil.example',
    '//evil.example',
    '///evil.example',
    '////evil.example',
    'javascript:alert(1)',
    'data:text/html,hi',
    'evil.example',
    'settings/profile',
    // Dot segments and encodings that fold into `//host`.
    '/.//evil.example',
    '/..//evil.example',
    '/x/../..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/%2F/evil.example',
    '/%2f%2fevil.example',
    '/%5Cevil.example',
    '/%5c%5cevil.example',
    // Encoded control characters and whitespace.
    '/%09/evil.example',
    '/%0d%0a/evil.example',
    '/%00',
    '/%E2%80%A8/evil.example',
    // Malformed percent-encoding.
    '/%E0%A4%A',
    // The sign-in and setup pages themselves, in any spelling.
    '/sign-in',
    '/sign-in/mfa?callbackUrl=%2Fsettings',
    '/Sign-In',
    '/%73ign-in',
    '/./sign-in',
    '/settings/../sign-in',
    '/setup',
    // Not a string, empty, too long.
    '',
    '/'.concat('a'.repeat(2000)),
  ];

  it.each(attacks.map((a) => [a]))('refuses %j', (value) => {
    expect(safeCallbackPath(value)).toBe(HOME);
  });

  it('refuses values that are not one string', () => {
    expect(safeCallbackPath(undefined)).toBe(HOME);
    expect(safeCallbackPath(null)).toBe(HOME);
    expect(safeCallbackPath(['/settings/general', '//evil.example'])).toBe(HOME);
    expect(safeCallbackPath({ toString: () => '/settings/general' })).toBe(HOME);
  });

  it('answers only paths that resolve to the app and are valid header values', () => {
    for (const value of attacks) {
      const path = safeCallbackPath(value);
      expect(new URL(path, 'http://localhost:3000').origin).toBe('http://localhost:3000');
      expect(() => new Headers({ location: path })).not.toThrow();
    }
  });
});
