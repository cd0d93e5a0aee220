import 'server-only';

import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets in links (invitations, password resets, email confirmations): a new random token
 * goes into the mail, only its digest into the database, so a copy of the database opens no link.
 */

/** 32 random bytes, base64url: 43 characters that need no escaping in a URL. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a token and looked up by: its SHA-256, as 64 hex digits. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string from a URL could be a token at all, checked before it is hashed and looked up. */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}
