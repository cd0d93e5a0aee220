import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { mailOutbox, organizations } from '@/db/schema';
import { drainOutbox, enqueueMail } from '@/lib/mail/outbox';
import { fileTransport, smtpTransport } from '@/lib/mail/transport';
import { hideOthersResetLinks, listOutboxMail, listStoredMail } from '@/lib/mail/mailbox';
import { useTestDatabase } from '../support/database';

useTestDatabase();

type Received = { to: string[]; raw: string };
const received: Received[] = [];
let smtp: SMTPServer;
let smtpUrl: string;
let orgId: string;

beforeAll(async () => {
  // Its own data dir: other test files write mail into the shared one at the same time.
  process.env.ROSTER_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'roster-mailbox-'));
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  const [org] = await (await getDb()).insert(organizations).values({ name: 'Mail Org' }).returning();
  orgId = org.id;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('mail outbox', () => {
  it('sends nothing when the transaction that queued the mail rolls back', async () => {
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await enqueueMail(tx, { orgId, to: 'ghost@mail.test', subject: 'Never', text: 'x' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'ghost@mail.test'))).toHaveLength(0);
  });

  it('delivers queued mail over SMTP exactly once', async () => {
    const db = await getDb();
    await db.transaction((tx) => enqueueMail(tx, { orgId, to: 'ada@mail.test', subject: 'Password changed', text: 'Your password was changed.' }));
    const transport = smtpTransport(smtpUrl, 'Roster <no-reply@roster.test>');
    expect(await drainOutbox(db, transport)).toEqual({ sent: 1, failed: 0 });
    expect(await drainOutbox(db, transport)).toEqual({ sent: 0, failed: 0 });
    const mail = received.find((r) => r.to.includes('ada@mail.test'));
    expect(mail?.raw).toContain('Subject: Password changed');
    expect(mail?.raw).toContain('Your password was changed.');
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'ada@mail.test'));
    expect(row.status).toBe('sent');
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('keeps a mail that cannot be delivered and retries it later with backoff', async () => {
    const db = await getDb();
    await enqueueMail(db, { orgId, to: 'retry@mail.test', subject: 'Retry me', text: 'x' });
    const dead = smtpTransport('smtp://127.0.0.1:9', 'Roster <no-reply@roster.test>');
    const first = await drainOutbox(db, dead);
    expect(first.failed).toBe(1);
    const [pending] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'retry@mail.test'));
    expect(pending.status).toBe('pending');
    expect(pending.attempts).toBe(1);
    expect(pending.lastError).toBeTruthy();
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    // Not due yet: nothing is attempted.
    expect(await drainOutbox(db, smtpTransport(smtpUrl))).toEqual({ sent: 0, failed: 0 });
    await db.update(mailOutbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(mailOutbox.id, pending.id));
    expect(await drainOutbox(db, smtpTransport(smtpUrl))).toEqual({ sent: 1, failed: 0 });
  });

  it('writes .eml files without SMTP and lists them in the mailbox', async () => {
    const db = await getDb();
    const dir = mkdtempSync(path.join(tmpdir(), 'roster-mail-'));
    await enqueueMail(db, { orgId, to: 'files@mail.test', subject: 'Willkommen – Ümlaut', text: 'Hallo Ümit, https://example.test/invite/abc' });
    expect(await drainOutbox(db, fileTransport(dir))).toEqual({ sent: 1, failed: 0 });
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(dir, files[0]), 'utf8')).toContain('To: files@mail.test');

    const listed = await drainOutbox(db, fileTransport());
    expect(listed.sent).toBe(0);
    await enqueueMail(db, { orgId, to: 'box@mail.test', subject: 'Willkommen – Ümlaut', text: 'Hallo Ümit' });
    await drainOutbox(db, fileTransport());
    // Other test files write to the same mail folder at the same time: look the mail up by address.
    const mail = (await listStoredMail()).find((m) => m.to === 'box@mail.test');
    expect(mail?.subject).toBe('Willkommen – Ümlaut');
    expect(mail?.text).toContain('Hallo Ümit');

    const [other] = await db.insert(organizations).values({ name: 'Other Org' }).returning();
    expect((await listStoredMail(100, orgId)).map((m) => m.to)).toContain('box@mail.test');
    expect(await listStoredMail(100, other.id)).toHaveLength(0);
  });

  it("lists an organization's outbox (for SMTP mode), and hides others' reset links from an admin", async () => {
    const db = await getDb();
    const [other] = await db.insert(organizations).values({ name: 'Outbox Other' }).returning();
    await enqueueMail(db, { orgId, to: 'owner@mail.test', subject: 'Reset your password', text: 'Open https://app.test/reset-password/SECRETtoken_123 now' });
    await enqueueMail(db, { orgId, to: 'Admin <admin@mail.test>', subject: 'Reset your password', text: 'Open https://app.test/reset-password/MINEtoken-456 now' });
    await enqueueMail(db, { orgId: other.id, to: 'x@other.test', subject: 'Elsewhere', text: 'not yours' });
    const box = await listOutboxMail(orgId);
    expect(box.map((m) => m.to)).toEqual(expect.arrayContaining(['owner@mail.test', 'Admin <admin@mail.test>']));
    expect(box.map((m) => m.to)).not.toContain('x@other.test');
    expect(box.every((m) => typeof m.status === 'string')).toBe(true);

    const seen = hideOthersResetLinks(box, 'ADMIN@mail.test');
    const text = (to: string) => seen.find((m) => m.to === to)!.text;
    expect(text('owner@mail.test')).toBe('Open https://app.test/reset-password/[hidden] now');
    expect(text('Admin <admin@mail.test>')).toContain('/reset-password/MINEtoken-456');
  });
});
