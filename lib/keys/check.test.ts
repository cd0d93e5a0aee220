import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';

import { algorithmLabel, checkPublicKey, fingerprintGroups, MAX_KEY_BYTES } from './check';

describe('algorithmLabel', () => {
  it('names the algorithm with its size or curve', () => {
    expect(algorithmLabel({ algorithm: 'rsaEncryptSign', bits: 4096 })).toBe('RSA 4096');
    expect(algorithmLabel({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' })).toBe('EdDSA Ed25519');
    expect(algorithmLabel({ algorithm: 'ecdh', curve: 'curve25519Legacy' })).toBe('ECDH Curve25519');
    expect(algorithmLabel({ algorithm: 'ecdsa', curve: 'nistP384' })).toBe('ECDSA NIST P-384');
    expect(algorithmLabel({ algorithm: 'x448' })).toBe('X448');
  });
});

describe('fingerprintGroups', () => {
  it('groups v4 and v6 fingerprints by four', () => {
    expect(fingerprintGroups('02f399197c45700bc720d612bdffc092f1a1df67')).toBe(
      '02F3 9919 7C45 700B C720 D612 BDFF C092 F1A1 DF67',
    );
    expect(fingerprintGroups('a'.repeat(64)).split(' ')).toHaveLength(16);
  });
});

describe('checkPublicKey', () => {
  it('reads a legacy ECC key with an expiring encryption subkey, from armour or bytes', async () => {
    const { publicKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'nistP256',
      userIDs: [{ name: 'Grace', email: 'grace@example.test' }, { email: 'g.hopper@example.test' }],
      subkeys: [{ keyExpirationTime: 86_400 }],
      format: 'object',
    });
    const armored = publicKey.armor();
    const fromText = await checkPublicKey(armored, 'G.Hopper@Example.test');
    expect(fromText).toMatchObject({
      ok: true,
      algorithm: 'ECDSA NIST P-256 + ECDH NIST P-256',
      emails: ['grace@example.test', 'g.hopper@example.test'],
    });
    if (!fromText.ok) throw new Error('refused');
    // The subkey's expiry is the key's: past it nothing can be encrypted to it.
    expect(fromText.expiresAt!.getTime() - fromText.keyCreatedAt.getTime()).toBe(86_400_000);
    const fromBytes = await checkPublicKey(publicKey.write(), 'grace@example.test');
    expect(fromBytes.ok && fromBytes.fingerprint).toBe(fromText.fingerprint);
    expect(await checkPublicKey(armored, 'grace@example.test', new Date(Date.now() + 2 * 86_400_000))).toEqual({
      ok: false,
      error: 'noEncryption',
    });
  });

  it('refuses by size before reading, and says nothing was given for blank input', async () => {
    expect(await checkPublicKey('x'.repeat(MAX_KEY_BYTES + 1), 'a@b.test')).toEqual({ ok: false, error: 'tooLarge' });
    expect(await checkPublicKey(new Uint8Array(MAX_KEY_BYTES + 1), 'a@b.test')).toEqual({
      ok: false,
      error: 'tooLarge',
    });
    expect(await checkPublicKey(' \n ', 'a@b.test')).toEqual({ ok: false, error: 'empty' });
    // A damaged private key is still named as one.
    expect(
      await checkPublicKey(
        '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxx\n-----END PGP PRIVATE KEY BLOCK-----',
        'a@b.test',
      ),
    ).toEqual({ ok: false, error: 'private' });
  });
});
