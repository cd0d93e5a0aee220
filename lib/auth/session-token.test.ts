import { encode } from 'next-auth/jwt';
import { describe, expect, it, vi } from 'vitest';

import { getAuthSecret } from '../config';
import { sessionIdFromCookie } from './session-token';

const NAME = 'roster.session';
const cookie = (claims: Record<string, unknown>, maxAge = 60) =>
  encode({ token: claims, secret: getAuthSecret(), salt: NAME, maxAge });

describe('sessionIdFromCookie', () => {
  it('reads the session id, the same from memory the second time', async () => {
    const token = await cookie({ sid: 'session-1' });
    expect(await sessionIdFromCookie(token, NAME)).toBe('session-1');
    expect(await sessionIdFromCookie(token, NAME)).toBe('session-1');
  });

  it('refuses a tampered cookie, one made for another cookie name, and one without a session id', async () => {
    const token = await cookie({ sid: 'session-2' });
    const tampered = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await sessionIdFromCookie(tampered, NAME)).toBeNull();
    expect(await sessionIdFromCookie(token, `__Host-${NAME}`)).toBeNull();
    expect(await sessionIdFromCookie(await cookie({ sub: 'x' }), NAME)).toBeNull();
    expect(await sessionIdFromCookie('not a token', NAME)).toBeNull();
  });

  it('refuses an expired cookie, and stops answering from memory once the cookie has expired', async () => {
    expect(await sessionIdFromCookie(await cookie({ sid: 'old' }, -60), NAME)).toBeNull();
    const token = await cookie({ sid: 'session-3' }, 60);
    expect(await sessionIdFromCookie(token, NAME)).toBe('session-3');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 120_000);
      expect(await sessionIdFromCookie(token, NAME)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
