import 'server-only';

import { randomBytes } from 'node:crypto';

import { hashToken } from '../security/tokens';

/**
 * A personal API token: `rst_` and 43 base64url characters (256 random bits). The prefix makes a
 * leaked token recognisable (secret scanners, logs); only the SHA-256 digest is stored.
 */
export const TOKEN_PREFIX = 'rst_';
const SECRET_PATTERN = /^rst_[A-Za-z0-9_-]{43}$/;

export function newApiToken(): { secret: string; hash: string; prefix: string } {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashToken(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 4) };
}

/** Whether a string could be a token at all: checked before anything is hashed or looked up. */
export const isApiTokenShaped = (value: string) => SECRET_PATTERN.test(value);
