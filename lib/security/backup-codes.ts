import 'server-only';

import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

import { getAuthSecret } from '@/lib/config';

export const BACKUP_CODE_COUNT = 10;

/**
 * 32 symbols so each random byte maps to one without modulo bias. Omits i, l, o and 1; keeps 0,
 * which is the 32nd symbol: in lower case it stands taller than o, so the two don't get mixed up.
 */
export const BACKUP_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz023456789';
const CODE_RE = new RegExp(`^[${BACKUP_CODE_ALPHABET}]{10}$`);

export function generateBackupCodes(count = BACKUP_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const chars = Array.from(randomBytes(10), (b) => BACKUP_CODE_ALPHABET[b & 31]).join('');
    codes.add(`${chars.slice(0, 5)}-${chars.slice(5)}`);
  }
  return [...codes];
}

/** Case, spaces and dashes are forgiven; look-alike characters outside the alphabet are rejected, not guessed. */
export function normalizeBackupCode(input: string): string | null {
  const raw = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015\u2212]/g, '');
  return CODE_RE.test(raw) ? `${raw.slice(0, 5)}-${raw.slice(5)}` : null;
}

export function looksLikeBackupCode(input: string): boolean {
  return normalizeBackupCode(input) !== null;
}

let cached: { secret: string; key: Buffer } | undefined;

function hmacKey(): Buffer {
  const secret = getAuthSecret();
  if (cached?.secret !== secret) {
    cached = { secret, key: Buffer.from(hkdfSync('sha256', secret, 'roster', 'roster:backup-code:v1', 32)) };
  }
  return cached.key;
}

// ~50 random bits per code can't be brute-forced offline without the key, so a keyed fast hash suffices and allows lookup by hash.
export function hashBackupCode(code: string): string {
  // Input that isn't a code is hashed as-is: the result matches no stored hash.
  return createHmac('sha256', hmacKey())
    .update(normalizeBackupCode(code) ?? code)
    .digest('hex');
}

export function backupCodesText(codes: string[], { email, orgName }: { email: string; orgName: string }): string {
  return [
    'Roster backup codes',
    '',
    `Account: ${email}`,
    `Organization: ${orgName}`,
    `Generated: ${new Date().toISOString()}`,
    '',
    ...codes,
    '',
    'Each code works once. Keep them somewhere safe.',
    '',
  ].join('\n');
}
