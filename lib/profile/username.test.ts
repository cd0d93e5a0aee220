import { describe, expect, it } from 'vitest';

import { isValidUsername, normalizeUsername } from './username';

describe('usernames', () => {
  it('are trimmed and lower-cased', () => {
    expect(normalizeUsername('  Ada.Lovelace ')).toBe('ada.lovelace');
  });

  it('allow 3 to 32 of a-z, 0-9, dot, underscore and hyphen', () => {
    for (const ok of ['ada', 'a.b', 'ada_lovelace-1815', 'x'.repeat(32), '...', '007']) {
      expect(isValidUsername(ok), ok).toBe(true);
    }
  });

  it('refuse other characters and lengths', () => {
    for (const bad of ['', 'ab', 'x'.repeat(33), 'ada lovelace', 'ada@home', 'Ada', 'adä', 'ada/1', 'ada+b']) {
      expect(isValidUsername(bad), bad).toBe(false);
    }
  });
});
