import { describe, expect, it } from 'vitest';

import { MAX_CALLBACK_URL_LENGTH, signInPath } from './sign-in-redirect';

describe('sign-in redirect of a signed-out visitor', () => {
  it('carries the page and its query back', () => {
    expect(signInPath('/org-settings/users', '?q=ada&page=2')).toBe(
      '/sign-in?callbackUrl=%2Forg-settings%2Fusers%3Fq%3Dada%26page%3D2',
    );
    expect(signInPath('/settings/profile')).toBe('/sign-in?callbackUrl=%2Fsettings%2Fprofile');
  });
  it('drops a query too long to carry, then the path itself', () => {
    const longQuery = `?q=${'x'.repeat(6000)}`;
    expect(signInPath('/org-settings/users', longQuery)).toBe('/sign-in?callbackUrl=%2Forg-settings%2Fusers');
    expect(signInPath(`/settings/${'a'.repeat(6000)}`, longQuery)).toBe('/sign-in');
    // Measured encoded: percent signs triple in length.
    const encodedHeavy = `/settings/${'%41'.repeat(300)}`;
    expect(encodedHeavy.length).toBeLessThan(MAX_CALLBACK_URL_LENGTH);
    expect(signInPath(encodedHeavy)).toBe('/sign-in');
  });
  it('never builds a Location longer than the bound and the sign-in path', () => {
    for (const size of [10, 500, 999, 1000, 1001, 6000, 100_000]) {
      const path = `/settings/${'é'.repeat(size)}`;
      expect(signInPath(path, `?q=${'z'.repeat(size)}`).length).toBeLessThanOrEqual(
        '/sign-in?callbackUrl='.length + MAX_CALLBACK_URL_LENGTH,
      );
    }
    expect(signInPath('/settings/\ud800')).toBe('/sign-in');
  });
});
