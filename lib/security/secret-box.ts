import 'server-only';

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

import { getAuthSecret } from '@/lib/config';

const IV_BYTES = 12;
const TAG_BYTES = 16;

// Keyed by purpose; the secret is kept alongside so a changed AUTH_SECRET (tests) is never served a stale key.
const keyCache = new Map<string, { secret: string; key: Buffer }>();

function keyFor(purpose: string): Buffer {
  const secret = getAuthSecret();
  const cached = keyCache.get(purpose);
  if (cached && cached.secret === secret) return cached.key;
  const key = Buffer.from(hkdfSync('sha256', secret, 'roster', `roster:${purpose}:v1`, 32));
  keyCache.set(purpose, { secret, key });
  return key;
}

/** AES-256-GCM under a per-purpose key; the purpose is also bound as AAD so a box can't be replayed elsewhere. */
export function encryptSecret(plain: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Throws on a malformed box, tampering, a different purpose or a different AUTH_SECRET. */
export function decryptSecret(box: string, purpose: string): string {
  const parts = box.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') throw new Error('Malformed secret box');
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('Malformed secret box');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('Secret box failed authentication');
  }
}
