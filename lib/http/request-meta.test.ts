import { afterEach, describe, expect, it } from 'vitest';

import { clientIpFrom } from './request-meta';

afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
});

describe('client IP', () => {
  it('uses the socket address and ignores a client-written X-Forwarded-For without trusted proxies', () => {
    const h = new Headers({ 'x-forwarded-for': '6.6.6.6', 'x-roster-socket-ip': '192.0.2.1' });
    expect(clientIpFrom(h)).toBe('192.0.2.1');
  });
  it('takes the entry written by the trusted proxy hop, not the leftmost one', () => {
    process.env.TRUSTED_PROXY_HOPS = '1';
    const h = new Headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.7', 'x-roster-socket-ip': '10.0.0.2' });
    expect(clientIpFrom(h)).toBe('198.51.100.7');
  });
});
