import 'server-only';

import { readKey, type Key, type Subkey } from 'openpgp';

import { normalizeEmail } from '../auth/email';

/** The most armour (or binary key) a person may hand in: a public key with its usual signatures is a few KB. */
export const MAX_KEY_BYTES = 64 * 1024;

/** What a saved key is shown and looked up by; the armour itself is the public key only. */
export type CheckedKey = {
  armored: string;
  /** Upper-case hexadecimal, without spaces. */
  fingerprint: string;
  /** "RSA 4096", "Ed25519 + X25519": the primary key and, when it differs, the encryption subkey. */
  algorithm: string;
  userIds: string[];
  /** Lower-cased addresses of the key's valid user IDs. */
  emails: string[];
  keyCreatedAt: Date;
  /** When the key stops being usable for encryption (the primary key or its encryption subkey), or null. */
  expiresAt: Date | null;
};

export type KeyProblem =
  | { error: 'empty' }
  | { error: 'tooLarge' }
  | { error: 'garbage' }
  | { error: 'private' }
  | { error: 'revoked' }
  | { error: 'expired'; expiredAt: Date }
  | { error: 'noEncryption' }
  | { error: 'wrongEmail' };

export type KeyCheck = ({ ok: true } & CheckedKey) | ({ ok: false } & KeyProblem);

const CURVES: Record<string, string> = {
  ed25519Legacy: 'Ed25519',
  curve25519Legacy: 'Curve25519',
  nistP256: 'NIST P-256',
  nistP384: 'NIST P-384',
  nistP521: 'NIST P-521',
  secp256k1: 'secp256k1',
  brainpoolP256r1: 'Brainpool P-256',
  brainpoolP384r1: 'Brainpool P-384',
  brainpoolP512r1: 'Brainpool P-512',
};

const NAMED: Record<string, string> = {
  rsaEncryptSign: 'RSA',
  rsaEncrypt: 'RSA',
  rsaSign: 'RSA',
  dsa: 'DSA',
  elgamal: 'ElGamal',
  ecdsa: 'ECDSA',
  ecdh: 'ECDH',
  eddsaLegacy: 'EdDSA',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  x25519: 'X25519',
  x448: 'X448',
};

/** An algorithm with its size or curve, as OpenPGP tools print it: "RSA 3072", "EdDSA Ed25519". */
export function algorithmLabel(info: { algorithm: string; bits?: number; curve?: string }): string {
  const name = NAMED[info.algorithm] ?? info.algorithm;
  if (info.bits) return `${name} ${info.bits}`;
  if (info.curve) return `${name} ${CURVES[info.curve] ?? info.curve}`;
  return name;
}

/** "02F3 9919 7C45 …": a fingerprint in groups of four, as people compare them. */
export function fingerprintGroups(fingerprint: string): string {
  return (
    fingerprint
      .toUpperCase()
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}

const ARMOUR = /^\s*-----BEGIN PGP /;
const PRIVATE_ARMOUR = /-----BEGIN PGP PRIVATE KEY BLOCK-----/;

const asDate = (value: Date | number | null): Date | null => (value instanceof Date ? value : null);

async function parse(input: string | Uint8Array): Promise<Key | null> {
  try {
    if (typeof input === 'string') return await readKey({ armoredKey: input });
    // A file: armour as text, anything else as a binary key (`gpg --export` without --armor).
    const text = new TextDecoder('utf-8', { fatal: false }).decode(input);
    if (ARMOUR.test(text)) return await readKey({ armoredKey: text });
    return await readKey({ binaryKey: input });
  } catch {
    return null;
  }
}

/**
 * Reads an OpenPGP public key handed in by `email`'s owner (armoured text, or a file's bytes)
 * and says whether mail to them can be encrypted to it: not too large, a key at all, public
 * (a private key is refused and never kept), neither revoked nor expired, able to encrypt,
 * and carrying a valid user ID with the owner's address (compared case-insensitively).
 */
export async function checkPublicKey(input: string | Uint8Array, email: string, now = new Date()): Promise<KeyCheck> {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > MAX_KEY_BYTES) return { ok: false, error: 'tooLarge' };
  if (typeof input === 'string' ? !input.trim() : size === 0) return { ok: false, error: 'empty' };
  // Said as such even when the armour around it is damaged: a private key is never read further.
  if (typeof input === 'string' && PRIVATE_ARMOUR.test(input)) return { ok: false, error: 'private' };
  const key = await parse(input);
  if (!key) return { ok: false, error: 'garbage' };
  if (key.isPrivate()) return { ok: false, error: 'private' };

  if (await key.isRevoked(undefined, undefined, now)) return { ok: false, error: 'revoked' };
  const primaryExpiry = asDate(await key.getExpirationTime());
  if (primaryExpiry && primaryExpiry.getTime() <= now.getTime())
    return { ok: false, error: 'expired', expiredAt: primaryExpiry };

  let encryptionKey: Key | Subkey;
  try {
    encryptionKey = await key.getEncryptionKey(undefined, now);
  } catch {
    return { ok: false, error: 'noEncryption' };
  }

  const validUsers = (await key.verifyAllUsers(undefined, now)).filter((user) => user.valid);
  const validIds = new Set(validUsers.map((user) => user.userID));
  const userIds = key.getUserIDs().filter((id) => validIds.has(id));
  const emails = [
    ...new Set(
      key.users
        .filter((user) => user.userID && validIds.has(user.userID.userID) && user.userID.email)
        .map((user) => normalizeEmail(user.userID!.email)),
    ),
  ];
  if (!emails.includes(normalizeEmail(email))) return { ok: false, error: 'wrongEmail' };

  const subkeyExpiry = encryptionKey === key ? null : asDate(await (encryptionKey as Subkey).getExpirationTime(now));
  const expiresAt =
    primaryExpiry && subkeyExpiry
      ? new Date(Math.min(primaryExpiry.getTime(), subkeyExpiry.getTime()))
      : (primaryExpiry ?? subkeyExpiry);

  const primary = algorithmLabel(key.getAlgorithmInfo());
  const encryption = algorithmLabel(encryptionKey.getAlgorithmInfo());
  return {
    ok: true,
    armored: key.armor(),
    fingerprint: key.getFingerprint().toUpperCase(),
    algorithm: primary === encryption ? primary : `${primary} + ${encryption}`,
    userIds,
    emails,
    keyCreatedAt: key.getCreationTime(),
    expiresAt,
  };
}
