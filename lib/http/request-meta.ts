import 'server-only';

import { headers } from 'next/headers';

import { config } from '../config';

export type RequestMeta = { ip: string | null; userAgent: string | null; requestId: string | null };

/**
 * The client address: with TRUSTED_PROXY_HOPS=n, the n-th X-Forwarded-For entry from the right
 * (the one our own proxy wrote); with 0, the address Next.js recorded for the socket.
 * A client-supplied X-Forwarded-For is never taken at face value.
 */
export function clientIpFrom(h: Headers): string | null {
  const hops = config.trustedProxyHops;
  const chain = (h.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops > 0) return chain[chain.length - hops] ?? chain[0] ?? null;
  return h.get('x-roster-socket-ip') || chain[chain.length - 1] || null;
}

export async function getRequestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return {
    ip: clientIpFrom(h),
    userAgent: h.get('user-agent')?.slice(0, 512) ?? null,
    requestId: h.get('x-request-id'),
  };
}
