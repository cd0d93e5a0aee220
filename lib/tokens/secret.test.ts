import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { isApiTokenShaped, newApiToken, TOKEN_PREFIX } from './secret';

describe('newApiToken', () => {
  it('is rst_ and 43 base64url characters: 256 random bits', () => {
    const { secret } = newApiToken();
    expect(TOKEN_PREFIX).toBe('rst_');
    expect(secret).toMatch(/^rst_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(32);
  });

  it('keeps only the SHA-256 digest and a short prefix, never the secret', () => {
    const { secret, hash, prefix } = newApiToken();
    expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret.slice(4));
    expect(prefix).toBe(secret.slice(0, 8));
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newApiToken().secret));
    expect(seen.size).toBe(200);
  });
});

describe('isApiTokenShaped', () => {
  it('accepts only the exact shape', () => {
    expect(isApiTokenShaped(newApiToken().secret)).toBe(true);
    for (const value of [
      '',
      'rst_',
      `rst_${'a'.repeat(42)}`,
      `rst_${'a'.repeat(44)}`,
      `RST_${'a'.repeat(43)}`,
      `xyz_${'a'.repeat(43)}`,
      `rst_${'a'.repeat(42)}=`,
      `rst_${'a'.repeat(42)}+`,
      ` rst_${'a'.repeat(43)}`,
    ])
      expect(isApiTokenShaped(value)).toBe(false);
  });
});
