import { and, eq } from 'drizzle-orm';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';

import { removeKey, saveKey } from '@/app/(account)/settings/keys/actions';
import KeysPage from '@/app/(account)/settings/keys/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, mailOutbox, userPgpKeys } from '@/db/schema';
import { fingerprintGroups } from '@/lib/keys/check';
import { recipientKey } from '@/lib/keys/recipient-key';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

const EMAIL = 'ada@keys.test';
let userId: string;
let browser: TestClient;
let other: TestClient;

type Pair = { publicKey: string; privateKey: string; fingerprint: string };

/** A fresh key pair (Ed25519 with an X25519 encryption subkey: fast to make). */
async function makeKey(email = EMAIL, options: Partial<Parameters<typeof openpgp.generateKey>[0]> = {}): Promise<Pair> {
  const { publicKey, privateKey } = await openpgp.generateKey({
    type: 'curve25519',
    userIDs: [{ name: 'Ada Lovelace', email }],
    format: 'armored',
    ...options,
  } as Parameters<typeof openpgp.generateKey>[0] & { format: 'armored' });
  const fingerprint = (await openpgp.readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
  return { publicKey, privateKey, fingerprint };
}

async function signIn(email: string) {
  const client = new TestClient();
  expect((await client.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return client;
}

const page = async (client: TestClient) =>
  ((await renderHtml(client, () => KeysPage())).result ?? '').replace(/<!-- -->/g, '');

const storedKey = async (id = userId) =>
  (await (await getDb()).select().from(userPgpKeys).where(eq(userPgpKeys.userId, id)))[0];

const audits = async (action: string) =>
  (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, userId)));

const mailsTo = async (subject: string) =>
  (await (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.to, EMAIL))).filter(
    (m) => m.subject === subject,
  );

beforeAll(async () => {
  const { user } = await createOrgWithUser({ orgName: 'Key Org', email: 'owner@keys.test' });
  userId = (await addUser(user.orgId, { email: EMAIL, firstName: 'Ada' })).id;
  browser = await signIn(EMAIL);
  other = await signIn('owner@keys.test');
});

describe('refusing keys', () => {
  async function refused(fields: Record<string, string | Blob>, field: string, text: RegExp) {
    const { result } = await browser.action(saveKey, fields);
    expect(result?.status).toBe('error');
    expect(result?.message).toBe('The key was not saved.');
    expect(result?.fieldErrors?.[field]?.join(' ')).toMatch(text);
    expect(await storedKey()).toBeUndefined();
    return result;
  }

  it('refuses a private key, keeps nothing of it and does not send it back', async () => {
    const { privateKey } = await makeKey();
    const result = await refused({ publicKey: privateKey }, 'publicKey', /private key.*not saved/);
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
    // The same key as a file, armoured or binary.
    await refused({ keyFile: new File([privateKey], 'secret.asc') }, 'keyFile', /private key/);
    const binary = new Uint8Array((await openpgp.readPrivateKey({ armoredKey: privateKey })).write());
    await refused({ keyFile: new File([binary], 'secret.gpg') }, 'keyFile', /private key/);
    expect(await mailsTo('An encryption key was set')).toHaveLength(0);
    expect(await audits('keys.key_added')).toHaveLength(0);
  });

  it('refuses an expired key, saying when it expired', async () => {
    const { publicKey } = await makeKey(EMAIL, {
      keyExpirationTime: 60,
      date: new Date(Date.now() - 86_400_000),
    });
    const result = await refused({ publicKey }, 'publicKey', /expired on/);
    // What was pasted comes back to the form rendered without JavaScript.
    expect(result?.values?.publicKey).toBe(publicKey);
  });

  it('refuses a revoked key', async () => {
    const { privateKey } = await makeKey();
    const { publicKey } = await openpgp.revokeKey({
      key: await openpgp.readPrivateKey({ armoredKey: privateKey }),
      format: 'armored',
    });
    await refused({ publicKey }, 'publicKey', /revoked/);
  });

  it('refuses a key without the user’s address, naming it', async () => {
    const { publicKey } = await makeKey('somebody@else.test');
    await refused({ publicKey }, 'publicKey', /ada@keys\.test/);
  });

  it('refuses a key that cannot encrypt', async () => {
    const { publicKey } = await makeKey();
    const key = await openpgp.readKey({ armoredKey: publicKey });
    // Only the signing primary key: the encryption subkey dropped.
    key.subkeys = [];
    await refused({ publicKey: key.armor() }, 'publicKey', /no valid subkey that can encrypt/);
  });

  it('refuses garbage armour and text that is no key', async () => {
    await refused({ publicKey: 'hello, this is my key' }, 'publicKey', /not an OpenPGP public key/);
    await refused(
      {
        publicKey:
          '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5IGF0IGFsbA==\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n',
      },
      'publicKey',
      /not an OpenPGP public key/,
    );
    await refused({ keyFile: new File([new Uint8Array([1, 2, 3, 4, 5])], 'key.gpg') }, 'keyFile', /not an OpenPGP/);
  });

  it('refuses a 2 MB key, pasted or uploaded, without sending it back', async () => {
    const { publicKey } = await makeKey();
    const huge = `${publicKey}\n`.padEnd(2 * 1024 * 1024, 'A');
    const result = await refused({ publicKey: huge }, 'publicKey', /larger than 64 KB/);
    expect(result?.values?.publicKey).toBeUndefined();
    await refused({ keyFile: new File([huge], 'huge.asc') }, 'keyFile', /larger than 64 KB/);
  });

  it('asks for a key when nothing was given, and for one of the two when both were', async () => {
    await refused({ publicKey: '   ' }, 'publicKey', /Paste a public key or choose a key file/);
    const { publicKey } = await makeKey();
    await refused({ publicKey, keyFile: new File([publicKey], 'key.asc') }, 'publicKey', /not both/);
  });
});

describe('saving and removing a key', () => {
  it('saves a pasted key, shows it, audits it and queues the security notice', async () => {
    const key = await makeKey(EMAIL.toUpperCase());
    const { result } = await browser.action(saveKey, { publicKey: key.publicKey });
    expect(result?.status).toBe('success');
    expect(result?.message).toContain(fingerprintGroups(key.fingerprint));
    const row = await storedKey();
    expect(row.fingerprint).toBe(key.fingerprint);
    expect(row.emails).toEqual([EMAIL]);
    expect(row.userIds).toEqual([`Ada Lovelace <${EMAIL.toUpperCase()}>`]);
    expect(row.algorithm).toBe('Ed25519 + X25519');
    expect(row.expiresAt).toBeNull();
    expect(row.armored).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');

    const html = await page(browser);
    expect(html).toContain(fingerprintGroups(key.fingerprint));
    expect(fingerprintGroups(key.fingerprint)).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
    expect(html).toContain('Does not expire');
    expect(html).toContain('Ed25519 + X25519');
    expect(html).toContain('Ada Lovelace &lt;ADA@KEYS.TEST&gt;');
    expect(html).toContain('Remove key');
    expect(html).toContain('Replace the key');

    const [entry] = await audits('keys.key_added');
    expect(entry.data).toEqual({ fingerprint: key.fingerprint });
    expect(entry.ip).toBe(browser.ip);
    const [notice] = await mailsTo('An encryption key was set');
    expect(notice.text).toContain(key.fingerprint);
    // Readable without the key it announces, so a key set in someone else's name cannot hide it.
    expect(notice.plainOnly).toBe(true);

    // Mail to her address, however it is spelled, is encrypted to it.
    expect(await recipientKey(await getDb(), 'Ada@Keys.Test')).toBe(row.armored);
    expect(await recipientKey(await getDb(), 'owner@keys.test')).toBeNull();
  });

  it('replaces it with an uploaded binary key file that expires, one key per person', async () => {
    const key = await makeKey(EMAIL, { keyExpirationTime: 30 * 86_400 });
    const binary = new Uint8Array((await openpgp.readKey({ armoredKey: key.publicKey })).write());
    const { result } = await browser.action(saveKey, {
      publicKey: '',
      keyFile: new File([binary], 'ada.gpg', { type: 'application/octet-stream' }),
    });
    expect(result?.status).toBe('success');
    const rows = await (await getDb()).select().from(userPgpKeys).where(eq(userPgpKeys.userId, userId));
    expect(rows.map((r) => r.fingerprint)).toEqual([key.fingerprint]);
    expect(rows[0].expiresAt?.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await page(browser)).not.toContain('Does not expire');
    expect((await audits('keys.key_added')).length).toBe(2);

    // An expired key encrypts nothing.
    await (
      await getDb()
    )
      .update(userPgpKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(userPgpKeys.userId, userId));
    expect(await recipientKey(await getDb(), EMAIL)).toBeNull();
  });

  it('removes the key with an audit entry and a notice; a second remove says there is none', async () => {
    const before = (await mailsTo('Your encryption key was removed')).length;
    const outcome = await browser.run(() => removeKey(toFormData({})));
    expect(outcome.redirect).toBe('/settings/keys#current-key-title');
    expect(browser.flash).toMatchObject({ status: 'success', key: 'keys.removed' });
    expect(await storedKey()).toBeUndefined();
    expect(await audits('keys.key_removed')).toHaveLength(1);
    expect((await mailsTo('Your encryption key was removed')).length).toBe(before + 1);
    expect(await page(browser)).toContain('You have no encryption key');

    await browser.run(() => removeKey(toFormData({})));
    expect(browser.flash).toMatchObject({ status: 'error', key: 'keys.notFound' });
    expect(await audits('keys.key_removed')).toHaveLength(1);
  });

  it('is always the signed-in user’s own key', async () => {
    const key = await makeKey(EMAIL);
    // The owner may not set Ada's key: it must carry the owner's own address.
    const { result } = await other.action(saveKey, { publicKey: key.publicKey });
    expect(result?.fieldErrors?.publicKey?.join(' ')).toMatch(/owner@keys\.test/);
    expect(await storedKey()).toBeUndefined();
  });
});
