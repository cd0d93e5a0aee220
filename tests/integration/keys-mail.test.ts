import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import * as openpgp from 'openpgp';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { mailOutbox } from '@/db/schema';
import { saveUserKey } from '@/lib/keys/manage';
import { parseEml } from '@/lib/mail/eml';
import { drainOutbox, enqueueMail } from '@/lib/mail/outbox';
import { fileTransport, smtpTransport } from '@/lib/mail/transport';
import { actorOf } from '@/lib/org/actor';
import { inviteUser } from '@/lib/org/invite';
import { requestPasswordReset } from '@/lib/security/password-reset';
import { queueSecurityMail } from '@/lib/security/security-mail';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser } from '../support/fixtures';

useTestDatabase();

const meta = { ip: '192.0.2.7', userAgent: 'keys-mail-test', requestId: 'keys-mail-test' };
let mailDir: string;
let privateKey: openpgp.PrivateKey;
let armoredPublic: string;
let orgId: string;
const received: string[] = [];
let smtp: SMTPServer;
let smtpUrl: string;

/** The .eml files written so far for `to`, oldest first. */
function emlFor(to: string): string[] {
  return readdirSync(mailDir)
    .sort()
    .map((file) => readFileSync(path.join(mailDir, file), 'utf8'))
    .filter((raw) => parseEml(raw).to === to);
}

/**
 * A PGP/MIME message (RFC 3156) taken apart: the outer type and parts checked, the armoured part
 * decrypted with the private key, and the decrypted MIME entity returned as text.
 */
async function decryptPgpMime(raw: string): Promise<string> {
  const eml = raw.replace(/\r\n/g, '\n');
  const head = eml.slice(0, eml.indexOf('\n\n'));
  expect(head).toMatch(/^Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted";/m);
  const boundary = /boundary="([^"]+)"/.exec(head)?.[1] ?? '';
  const parts = eml.split(`--${boundary}`).slice(1, -1);
  expect(parts).toHaveLength(2);
  expect(parts[0]).toMatch(/Content-Type: application\/pgp-encrypted/);
  expect(parts[0]).toMatch(/\n\nVersion: 1\n/);
  expect(parts[1]).toMatch(/Content-Type: application\/octet-stream; name=encrypted\.asc/);
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(parts[1])?.[0] ?? '';
  // Nothing of the body is readable outside the encrypted part.
  expect(eml).not.toContain('reset-password');
  const message = await openpgp.readMessage({ armoredMessage: armored });
  const { data } = await openpgp.decrypt({ message, decryptionKeys: privateKey, format: 'binary' });
  return Buffer.from(data).toString('utf8');
}

beforeAll(async () => {
  mailDir = mkdtempSync(path.join(tmpdir(), 'roster-keys-mail-'));
  const { org } = await createOrgWithUser({ orgName: 'Cipher Org', email: 'owner@cipher.test' });
  orgId = org.id;
  const keys = await openpgp.generateKey({
    type: 'curve25519',
    userIDs: [{ name: 'Kim', email: 'kim@cipher.test' }],
    format: 'armored',
  });
  privateKey = await openpgp.readPrivateKey({ armoredKey: keys.privateKey });
  armoredPublic = keys.publicKey;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('mail to a person with an encryption key', () => {
  it('sends security notices PGP/MIME-encrypted, readable with the private key; the key-set notice itself plain', async () => {
    const db = await getDb();
    const kim = await addUser(orgId, { email: 'kim@cipher.test', firstName: 'Kim' });
    const saved = await saveUserKey(db, kim, armoredPublic, meta);
    expect(saved.ok).toBe(true);
    expect(await drainOutbox(db, fileTransport(mailDir))).toEqual({ sent: 1, failed: 0 });
    const [announced] = emlFor('kim@cipher.test');
    expect(announced).not.toContain('BEGIN PGP MESSAGE');
    expect(parseEml(announced).text).toContain('An OpenPGP key (fingerprint');

    await queueSecurityMail(db, 'pin.changed', kim, meta);
    expect(await drainOutbox(db, fileTransport(mailDir))).toEqual({ sent: 1, failed: 0 });
    const raw = emlFor('kim@cipher.test').find((mail) => mail !== announced)!;
    // The subject stays readable: the mail is listed and filed by it.
    expect(parseEml(raw).subject).toBe('Your phone PIN was changed');
    const inner = await decryptPgpMime(raw);
    expect(inner).toMatch(/^Content-Type: text\/plain; charset=utf-8\r\n/);
    expect(inner).not.toMatch(/^(Date|Message-ID|MIME-Version):/m);
    const text = parseEml(inner).text;
    expect(text).toContain('Hello Kim');
    expect(text).toContain('The PIN used to identify you on the phone was changed.');
    expect(text).toContain('192.0.2.7');
  });

  it('encrypts an invitation from another organization to the same address', async () => {
    const db = await getDb();
    // An invitation to an address not taken yet; its owner joins elsewhere and sets a key before
    // the mail goes out.
    const other = await createOrgWithUser({ orgName: 'Inviting Org', email: 'boss@inviting.test' });
    const invited = await inviteUser(db, actorOf(other), {
      email: 'lee@cipher.test',
      firstName: 'Lee',
      lastName: 'Invitee',
      role: 'member',
    });
    expect(invited.ok).toBe(true);
    const lee = await addUser(orgId, { email: 'lee@cipher.test', firstName: 'Lee' });
    const keys = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ email: 'lee@cipher.test' }],
      format: 'armored',
    });
    expect((await saveUserKey(db, lee, keys.publicKey, meta)).ok).toBe(true);
    await drainOutbox(db, fileTransport(mailDir));
    // The invitation, encrypted; the notice of the new key goes out plain.
    const mails = emlFor('lee@cipher.test').filter((raw) => raw.includes('BEGIN PGP MESSAGE'));
    expect(emlFor('lee@cipher.test')).toHaveLength(2);
    expect(mails).toHaveLength(1);
    const leeKey = await openpgp.readPrivateKey({ armoredKey: keys.privateKey });
    const texts = await Promise.all(
      mails.map(async (raw) => {
        const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(raw)?.[0] ?? '';
        const message = await openpgp.readMessage({ armoredMessage: armored });
        const { data } = await openpgp.decrypt({ message, decryptionKeys: leeKey, format: 'binary' });
        return parseEml(Buffer.from(data).toString('utf8')).text;
      }),
    );
    expect(texts.some((text) => text.includes('Inviting Org') && /\/invite\/[A-Za-z0-9_-]+/.test(text))).toBe(true);
    expect(mails.every((raw) => !raw.includes('/invite/'))).toBe(true);
  });

  it('sends the password-reset link unencrypted', async () => {
    const db = await getDb();
    expect(await requestPasswordReset(db, 'kim@cipher.test', meta)).toBe(true);
    const [queued] = await db.select().from(mailOutbox).where(eq(mailOutbox.status, 'pending'));
    expect(queued.plainOnly).toBe(true);
    await drainOutbox(db, fileTransport(mailDir));
    const raw = emlFor('kim@cipher.test').at(-1) ?? '';
    expect(raw).not.toContain('multipart/encrypted');
    expect(raw).not.toContain('BEGIN PGP MESSAGE');
    expect(parseEml(raw).text).toMatch(/\/reset-password\/[A-Za-z0-9_-]+/);
  });

  it('encrypts over SMTP too, with text and HTML alternatives inside', async () => {
    const transport = smtpTransport(smtpUrl, 'Roster <no-reply@roster.test>');
    await transport.send({
      id: crypto.randomUUID(),
      to: 'kim@cipher.test',
      subject: 'Weekly digest',
      text: 'Plain digest: 3 approvals wait for you. Grüße',
      html: '<p>HTML digest: <b>3</b> approvals wait for you.</p>',
      encryptTo: armoredPublic,
    });
    const raw = received.at(-1) ?? '';
    expect(raw).toMatch(/^From: Roster <no-reply@roster\.test>$/m);
    expect(raw).toMatch(/^Subject: Weekly digest$/m);
    expect(raw).not.toContain('digest:');
    const inner = await decryptPgpMime(raw);
    expect(inner).toMatch(/^Content-Type: multipart\/alternative;/);
    expect(inner).toContain('Content-Type: text/plain; charset=utf-8');
    expect(inner).toContain('Content-Type: text/html; charset=utf-8');
    expect(inner).toContain('Plain digest: 3 approvals wait for you. Gr=C3=BC=C3=9Fe');
    expect(inner).toContain('<p>HTML digest: <b>3</b> approvals wait for you.</p>');
  });

  it('fails the attempt rather than send in the clear when the key cannot be used', async () => {
    const db = await getDb();
    const before = readdirSync(mailDir).length;
    await db.transaction((tx) =>
      enqueueMail(tx, { orgId, to: 'kim@cipher.test', subject: 'Secret', text: 'Not for everyone.' }),
    );
    // The stored key damaged: mail to Kim cannot be encrypted, so it is not sent at all.
    const { userPgpKeys } = await import('@/db/schema');
    await db.update(userPgpKeys).set({ armored: 'not a key any more' });
    expect(await drainOutbox(db, fileTransport(mailDir))).toEqual({ sent: 0, failed: 1 });
    expect(readdirSync(mailDir).length).toBe(before);
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.subject, 'Secret'));
    expect(mail.status).toBe('pending');
    expect(mail.lastError).toBeTruthy();
    await expect(
      fileTransport(mailDir).send({ id: 'x', to: 'kim@cipher.test', subject: 'S', text: 'T', encryptTo: 'garbage' }),
    ).rejects.toThrow();
    expect(readdirSync(mailDir).length).toBe(before);
  });
});
