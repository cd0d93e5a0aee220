import 'server-only';

import { decode } from 'next-auth/jwt';

import { getAuthSecret } from '../config';

/** Decoded cookies kept per process: a signed-in browser sends the same one with every request. */
const MAX_ENTRIES = 2_000;
const decoded = new Map<string, { sid: string; expiresAt: number }>();

/**
 * The session id a session cookie carries, or null when the cookie is tampered with, expired or
 * made with another secret. Decrypting it (a key derivation and an AES decryption) was a
 * noticeable part of every signed-in request, so a cookie already read is answered from memory
 * until it expires. The session row is still loaded and checked on every request: revoking a
 * session takes effect at once.
 */
export async function sessionIdFromCookie(token: string, cookieName: string): Promise<string | null> {
  const known = decoded.get(token);
  if (known) {
    if (known.expiresAt > Date.now()) return known.sid;
    decoded.delete(token);
  }
  let payload: { sid?: unknown; exp?: unknown } | null;
  try {
    payload = await decode({ token, secret: getAuthSecret(), salt: cookieName });
  } catch {
    return null;
  }
  const sid = payload?.sid;
  if (typeof sid !== 'string') return null;
  const expiresAt = typeof payload?.exp === 'number' ? payload.exp * 1000 : 0;
  if (expiresAt > Date.now()) {
    if (decoded.size >= MAX_ENTRIES) decoded.delete(decoded.keys().next().value!);
    decoded.set(token, { sid, expiresAt });
  }
  return sid;
}
