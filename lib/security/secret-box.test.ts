import { describe, expect, it, vi } from 'vitest';

import { decryptSecret, encryptSecret } from '@/lib/security/secret-box';

const auth = vi.hoisted(() => ({ secret: 'test-secret' }));
vi.mock('@/lib/config', () => ({ getAuthSecret: () => auth.secret }));

describe('secret box', () => {
  it('round-trips', () => {
    const box = encryptSecret('JBSWY3DPEHPK3PXP ünïcode', 'totp-secret');
    expect(box).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(decryptSecret(box, 'totp-secret')).toBe('JBSWY3DPEHPK3PXP ünïcode');
  });

  it('uses a fresh IV each time', () => {
    const a = encryptSecret('same', 'p');
    const b = encryptSecret('same', 'p');
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it('detects tampering', () => {
    const [v, iv, tag, ct] = encryptSecret('secret value', 'p').split('.');
    const flip = (s: string) => {
      const buf = Buffer.from(s, 'base64url');
      buf[0] ^= 1;
      return buf.toString('base64url');
    };
    expect(() => decryptSecret([v, iv, tag, flip(ct)].join('.'), 'p')).toThrow();
    expect(() => decryptSecret([v, iv, flip(tag), ct].join('.'), 'p')).toThrow();
    expect(() => decryptSecret([v, flip(iv), tag, ct].join('.'), 'p')).toThrow();
    expect(() => decryptSecret(['v2', iv, tag, ct].join('.'), 'p')).toThrow();
    expect(() => decryptSecret('garbage', 'p')).toThrow();
  });

  it('fails under a different purpose', () => {
    expect(() => decryptSecret(encryptSecret('x', 'totp-secret'), 'other')).toThrow();
  });

  it('fails under a different AUTH_SECRET', () => {
    const box = encryptSecret('x', 'p');
    auth.secret = 'another-secret-0123456789abcdefghijklmnop';
    try {
      expect(() => decryptSecret(box, 'p')).toThrow();
    } finally {
      auth.secret = 'test-secret';
    }
  });
});
