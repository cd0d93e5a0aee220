import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { mailOutbox, organizations } from '@/db/schema';
import {
  hideOthersSecretLinks,
  listOutboxMail,
  listStoredMail,
  readMailbox,
  type StoredMail,
} from '@/lib/mail/mailbox';
import { drainOutbox, enqueueMail } from '@/lib/mail/outbox';
import { fileTransport, smtpTransport } from '@/lib/mail/transport';

import { useTestDatabase } from '../support/database';
import { withEnv } from '../support/env';

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
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
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
    await db.transaction((tx) =>
      enqueueMail(tx, { orgId, to: 'ada@mail.test', subject: 'Password changed', text: 'Your password was changed.' }),
    );
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
    await db
      .update(mailOutbox)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(mailOutbox.id, pending.id));
    expect(await drainOutbox(db, smtpTransport(smtpUrl))).toEqual({ sent: 1, failed: 0 });
  });

  it('writes .eml files without SMTP and lists them in the mailbox', async () => {
    const db = await getDb();
    const dir = mkdtempSync(path.join(tmpdir(), 'roster-mail-'));
    await enqueueMail(db, {
      orgId,
      to: 'files@mail.test',
      subject: 'Willkommen – Ümlaut',
      text: 'Hallo Ümit, https://example.test/invite/abc',
    });
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

  it("lists an organization's outbox (for SMTP mode) as metadata with its delivery status", async () => {
    const db = await getDb();
    const [other] = await db.insert(organizations).values({ name: 'Outbox Other' }).returning();
    await enqueueMail(db, {
      orgId,
      to: 'owner@mail.test',
      subject: 'Reset your password',
      text: 'Open https://app.test/reset-password/SECRETtoken_123 now',
    });
    await enqueueMail(db, { orgId: other.id, to: 'x@other.test', subject: 'Elsewhere', text: 'not yours' });
    const box = await listOutboxMail(orgId);
    expect(box.map((m) => m.to)).toContain('owner@mail.test');
    expect(box.map((m) => m.to)).not.toContain('x@other.test');
    expect(box.every((m) => typeof m.status === 'string')).toBe(true);
    expect(box.every((m) => m.text === undefined)).toBe(true);
  });
});

describe('secret links in the mailbox', () => {
  const INVITE = 'https://app.test/invite/OWNERinvite_token-123';
  const RESET = 'https://app.test/reset-password/SECRETtoken_123';
  const mail = (to: string, text: string, subject = 'Mail'): StoredMail => ({
    file: `${to}-${subject}`,
    to,
    subject,
    date: new Date().toUTCString(),
    text,
  });

  it("hides other people's invitation and reset links from a viewer, and keeps the viewer's own", () => {
    const seen = hideOthersSecretLinks(
      [
        mail('owner@mail.test', `Accept:\n${INVITE}\nThe link is valid for 7 days.`, 'Invitation'),
        mail('owner@mail.test', `Open ${RESET} now`, 'Reset'),
        mail(
          'Admin <admin@mail.test>',
          `Open https://app.test/reset-password/MINEtoken-456 now, or /invite/MINEinvite_789.`,
          'Mine',
        ),
        mail('owner@mail.test, admin@mail.test', `Both: ${INVITE}`, 'Shared'),
        mail('owner@mail.test', 'Go to https://app.test/org-settings/invite-policy', 'Policy'),
      ],
      ' ADMIN@mail.test',
    );
    const text = (subject: string) => seen.find((m) => m.subject === subject)!.text;
    expect(text('Invitation')).toBe('Accept:\nhttps://app.test/invite/[hidden]\nThe link is valid for 7 days.');
    expect(text('Reset')).toBe('Open https://app.test/reset-password/[hidden] now');
    expect(text('Mine')).toContain('/reset-password/MINEtoken-456');
    expect(text('Mine')).toContain('/invite/MINEinvite_789');
    // Mail to several people is not the viewer's alone.
    expect(text('Shared')).toBe('Both: https://app.test/invite/[hidden]');
    expect(text('Policy')).toBe('Go to https://app.test/org-settings/invite-policy');
    expect(hideOthersSecretLinks([mail('x@mail.test', '', `Your link ${INVITE}`)], 'admin@mail.test')[0].subject).toBe(
      'Your link https://app.test/invite/[hidden]',
    );
  });

  it('shows bodies only in the development mailbox; in production or with SMTP, to an admin, metadata only', async () => {
    const db = await getDb();
    const [org] = await db.insert(organizations).values({ name: 'Scoped Org' }).returning();
    const token = 'OWNERinvite_' + 'x'.repeat(32);
    await enqueueMail(db, {
      orgId: org.id,
      to: 'owner@scoped.test',
      subject: 'You are invited',
      text: `Accept: https://app.test/invite/${token}`,
    });
    await enqueueMail(db, {
      orgId: org.id,
      to: 'admin@scoped.test',
      subject: 'Reset your password',
      text: 'Open https://app.test/reset-password/ADMINtoken_456',
    });
    await drainOutbox(db, fileTransport());
    const admin = { orgId: org.id, email: 'admin@scoped.test' };

    const development = await withEnv({ SMTP_URL: undefined }, () => readMailbox(null));
    expect(development.bodies).toBe(true);
    expect(development.mails.find((m) => m.to === 'owner@scoped.test')?.text).toContain(`/invite/${token}`);

    for (const env of [{ NODE_ENV: 'production', SMTP_URL: undefined }, { SMTP_URL: smtpUrl }]) {
      const box = await withEnv(env, () => readMailbox(admin));
      expect(box.source, JSON.stringify(env)).toBe(env.SMTP_URL ? 'outbox' : 'files');
      expect(box.bodies).toBe(false);
      const invitation = box.mails.find((m) => m.to === 'owner@scoped.test');
      expect(invitation).toMatchObject({ subject: 'You are invited' });
      expect(invitation?.date).toBeTruthy();
      // Not even the admin's own mail: a body is never shown outside development.
      expect(box.mails.map((m) => m.to).sort()).toEqual(['admin@scoped.test', 'owner@scoped.test']);
      expect(box.mails.every((m) => m.text === undefined)).toBe(true);
      expect(JSON.stringify(box)).not.toContain(token);
      expect(JSON.stringify(box)).not.toContain('ADMINtoken');
      // Nobody signed in: nothing at all (the page answers 404 before it gets here).
      expect((await withEnv(env, () => readMailbox(null))).mails).toEqual([]);
    }
  });
});
