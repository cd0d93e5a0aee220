import { createServer, type Server } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { disconnectMailbox, saveOrTestMailbox } from '@/app/(account)/settings/connections/mailbox-actions';
import ConnectionsPage from '@/app/(account)/settings/connections/page';
import { saveMailboxSending } from '@/app/(org)/org-settings/email/actions';
import OrgEmailPage from '@/app/(org)/org-settings/email/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, mailOutbox, organizations, userMailboxes, users } from '@/db/schema';
import { drainOutbox } from '@/lib/mail/outbox';
import type { MailMessage, MailTransport } from '@/lib/mail/transport';
import { MAILBOX_PASSWORD_PURPOSE } from '@/lib/mailbox/mailbox';
import { mailboxSchema } from '@/lib/mailbox/schema';
import { userMailboxTransport } from '@/lib/mailbox/transport';
import { actorOf } from '@/lib/org/actor';
import { inviteUser } from '@/lib/org/invite';
import { decryptSecret } from '@/lib/security/secret-box';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { withEnv } from '../support/env';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';
import { selfSignedCertificate, startLoopbackImap, type LoopbackImap } from '../support/imap-server';
import { renderHtml } from '../support/render';
import { startLoopbackSmtp, type LoopbackSmtp } from '../support/smtp';

useTestDatabase();

const ADDRESS = 'olga@mail.acme.test';
const MAIL_PASSWORD = 'Mbx-s3cret "word" \\ 42';

let imap: LoopbackImap;
let smtp: LoopbackSmtp;
let tlsImap: LoopbackImap;
let tlsSmtp: SMTPServer;
let tlsSmtpPort: number;
let starttlsImap: LoopbackImap;
let starttlsSmtp: SMTPServer;
let starttlsSmtpPort: number;
let closedPort: number;

let orgId: string;
let ownerId: string;
const as = {} as Record<'owner' | 'nina', TestClient>;

async function freePort(): Promise<number> {
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

const mailboxRow = async (userId: string) =>
  (await (await getDb()).select().from(userMailboxes).where(eq(userMailboxes.userId, userId)))[0];
const audits = async (action: string) =>
  (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.orgId, orgId)));

const form = (overrides: Record<string, string> = {}) => ({
  preset: 'custom',
  address: ADDRESS,
  imapHost: '127.0.0.1',
  imapPort: String(imap.port),
  imapSecurity: 'none',
  smtpHost: '127.0.0.1',
  smtpPort: String(smtp.port),
  smtpSecurity: 'none',
  username: '',
  password: MAIL_PASSWORD,
  ...overrides,
});

const page = async (browser: TestClient) =>
  (await renderHtml(browser, () => ConnectionsPage({ searchParams: Promise.resolve({}) }))).result ?? '';

beforeAll(async () => {
  const cert = selfSignedCertificate();
  imap = await startLoopbackImap({ user: ADDRESS, password: MAIL_PASSWORD });
  smtp = await startLoopbackSmtp({ user: ADDRESS, password: MAIL_PASSWORD });
  tlsImap = await startLoopbackImap({ user: ADDRESS, password: MAIL_PASSWORD, mode: 'tls', tls: cert });
  tlsSmtp = new SMTPServer({ secure: true, authOptional: true, logger: false, key: cert.key, cert: cert.cert });
  tlsSmtp.on('error', () => {});
  await new Promise<void>((resolve) => tlsSmtp.listen(0, '127.0.0.1', resolve));
  tlsSmtpPort = (tlsSmtp.server.address() as { port: number }).port;
  starttlsImap = await startLoopbackImap({ user: ADDRESS, password: MAIL_PASSWORD, mode: 'starttls', tls: cert });
  starttlsSmtp = new SMTPServer({ authOptional: true, logger: false, key: cert.key, cert: cert.cert });
  starttlsSmtp.on('error', () => {});
  await new Promise<void>((resolve) => starttlsSmtp.listen(0, '127.0.0.1', resolve));
  starttlsSmtpPort = (starttlsSmtp.server.address() as { port: number }).port;
  closedPort = await freePort();

  const { org, user } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  orgId = org.id;
  ownerId = user.id;
  await addUser(orgId, { email: 'nina@acme.test', role: 'member', firstName: 'Nina' });
  as.owner = await signIn('olga@acme.test');
  as.nina = await signIn('nina@acme.test');
});

afterAll(async () => {
  await imap.close();
  await tlsImap.close();
  await smtp.close();
  await starttlsImap.close();
  await new Promise<void>((resolve) => tlsSmtp.close(() => resolve()));
  await new Promise<void>((resolve) => starttlsSmtp.close(() => resolve()));
});

describe('mailbox form', () => {
  it('shows the provider, both servers and the fields, the sending box locked while the organization forbids it', async () => {
    const html = await page(as.owner);
    for (const label of [
      'Provider',
      'Email address',
      'IMAP server',
      'IMAP port',
      'IMAP security',
      'SMTP server',
      'SMTP port',
      'SMTP security',
      'Username',
      'Password',
      'Send mail on my behalf through this mailbox',
    ]) {
      expect(html).toContain(`>${label}</label>`);
    }
    for (const option of ['Gmail', 'Yahoo', 'Outlook', 'Office365', 'Other (IMAP/SMTP)'])
      expect(html).toContain(`>${option}</option>`);
    expect(html).toContain('>Test connection<');
    expect(html).toContain('>Save mailbox<');
    expect(html).not.toContain('>Disconnect mailbox<');
    // Gmail first, its servers filled in, its app password explained.
    expect(html).toContain('value="imap.gmail.com"');
    expect(html).toContain('value="smtp.gmail.com"');
    expect(html).toContain('App passwords');
    expect(html).toContain('Your organization does not allow sending through personal mailboxes.');
    expect(html).toMatch(/<input type="checkbox" id="mailbox-send-as" disabled=""/);
  });

  it('fills the servers from the provider when they are left empty or still hold another provider’s', () => {
    const gmail = mailboxSchema.safeParse({
      ...form({ preset: 'gmail', imapHost: '', imapPort: '', smtpHost: '', smtpPort: '' }),
      imapSecurity: 'none',
    });
    expect(gmail.success && gmail.data).toMatchObject({
      imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
      username: ADDRESS,
    });
    // Switched from Gmail to Outlook without JavaScript: the fields still hold Gmail's servers.
    const outlook = mailboxSchema.safeParse(
      form({
        preset: 'outlook',
        imapHost: 'imap.gmail.com',
        imapPort: '993',
        imapSecurity: 'tls',
        smtpHost: 'smtp.gmail.com',
        smtpPort: '465',
        smtpSecurity: 'tls',
      }),
    );
    expect(outlook.success && outlook.data).toMatchObject({
      imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp-mail.outlook.com', port: 587, security: 'starttls' },
    });
    const office = mailboxSchema.safeParse(form({ preset: 'office365', imapHost: '', smtpHost: '' }));
    expect(office.success && office.data).toMatchObject({
      smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    });
    const yahoo = mailboxSchema.safeParse(form({ preset: 'yahoo', imapHost: '', smtpHost: '' }));
    expect(yahoo.success && yahoo.data).toMatchObject({
      imap: { host: 'imap.mail.yahoo.com', port: 993 },
      smtp: { host: 'smtp.mail.yahoo.com', port: 465 },
    });
    // "Other" fills nothing in.
    const custom = mailboxSchema.safeParse(form({ imapHost: '', smtpPort: '' }));
    expect(custom.success).toBe(false);
  });

  it.each([
    [{ imapPort: '0' }, 'imapPort', 'Enter a port from 1 to 65535.'],
    [{ smtpPort: '70000' }, 'smtpPort', 'Enter a port from 1 to 65535.'],
    [
      { imapHost: 'imap://mail.acme.test' },
      'imapHost',
      'Enter a server name such as imap.example.com, without spaces or imap://.',
    ],
    [{ smtpHost: '' }, 'smtpHost', 'Fill in this field.'],
    [{ address: 'not-an-address' }, 'address', 'Enter a valid email address, like name@example.com.'],
    [{ smtpSecurity: 'ssl3' }, 'smtpSecurity', 'Choose SSL/TLS, STARTTLS or None.'],
  ])('refuses %o next to the field and stores nothing', async (fields, field, message) => {
    for (const intent of ['save', 'test']) {
      const outcome = await as.nina.action(saveOrTestMailbox, form({ intent, ...fields }));
      expect(outcome.result?.status).toBe('error');
      expect(outcome.result?.fieldErrors?.[field]).toEqual([message]);
      expect(outcome.result?.values?.password).toBeUndefined();
    }
    expect(await (await getDb()).select().from(userMailboxes)).toHaveLength(0);
  });

  it('asks for the password when none is saved', async () => {
    const outcome = await as.nina.action(saveOrTestMailbox, form({ intent: 'save', password: '' }));
    expect(outcome.result?.fieldErrors?.password).toEqual(['Enter the password.']);
    expect(await (await getDb()).select().from(userMailboxes)).toHaveLength(0);
  });
});

describe('test connection', () => {
  it('signs in to both servers and stores nothing', async () => {
    const before = imap.logins.length;
    const outcome = await as.nina.action(saveOrTestMailbox, form({ intent: 'test' }));
    expect(outcome.result).toMatchObject({
      status: 'success',
      message: 'Both connections work.',
      values: { imapOutcome: 'ok', smtpOutcome: 'ok', imapHost: '127.0.0.1' },
    });
    expect(outcome.result?.values?.password).toBeUndefined();
    expect(imap.logins.length).toBe(before + 1);
    // What the client asked the IMAP server for: sign in and out, nothing more.
    expect(imap.commands.some((c) => /AUTHENTICATE PLAIN|LOGIN/.test(c))).toBe(true);
    expect(imap.commands.some((c) => /LOGOUT/.test(c))).toBe(true);
    expect(await (await getDb()).select().from(userMailboxes)).toHaveLength(0);
  });

  it.each([
    ['a wrong password', () => ({ password: 'wrong-password' }), 'auth', 'auth'],
    [
      'ports nothing listens on',
      () => ({ imapPort: String(closedPort), smtpPort: String(closedPort) }),
      'refused',
      'refused',
    ],
    [
      'an unknown host',
      () => ({ imapHost: 'imap.no-such-host.invalid', smtpHost: 'smtp.no-such-host.invalid' }),
      'notFound',
      'notFound',
    ],
    [
      'self-signed certificates',
      () => ({
        imapPort: String(tlsImap.port),
        imapSecurity: 'tls',
        smtpPort: String(tlsSmtpPort),
        smtpSecurity: 'tls',
      }),
      'tls',
      'tls',
    ],
    [
      'self-signed certificates after STARTTLS',
      () => ({
        imapPort: String(starttlsImap.port),
        imapSecurity: 'starttls',
        smtpPort: String(starttlsSmtpPort),
        smtpSecurity: 'starttls',
      }),
      'tls',
      'tls',
    ],
    [
      'STARTTLS where the servers offer none',
      () => ({ imapSecurity: 'starttls', smtpSecurity: 'starttls' }),
      'tls',
      'tls',
    ],
    ['SSL/TLS against plain servers', () => ({ imapSecurity: 'tls', smtpSecurity: 'tls' }), 'tls', 'tls'],
    ['only the SMTP port wrong', () => ({ smtpPort: String(closedPort) }), 'ok', 'refused'],
  ])('says what each server answered: %s; nothing stored', async (_name, fields, imapOutcome, smtpOutcome) => {
    for (const intent of ['test', 'save']) {
      const outcome = await as.nina.action(saveOrTestMailbox, form({ intent, ...fields() }));
      expect(outcome.result).toMatchObject({
        status: 'error',
        message:
          intent === 'test'
            ? 'The connection test failed: see what each server said below.'
            : 'Not saved: the connection test failed. See what each server said below.',
        values: { imapOutcome, smtpOutcome },
      });
      expect(outcome.result?.values?.password).toBeUndefined();
    }
    expect(await (await getDb()).select().from(userMailboxes)).toHaveLength(0);
    expect(await audits('connections.mailbox_saved')).toHaveLength(0);
  });

  it('does not connect to servers on the internal network unless MAIL_INTERNAL_HOSTS lists them', async () => {
    // A listener on loopback that counts who connects: nothing may.
    let connections = 0;
    const probe = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    try {
      await withEnv({ MAIL_INTERNAL_HOSTS: undefined }, async () => {
        for (const host of ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]', '2130706433'])
          for (const intent of ['test', 'save']) {
            const outcome = await as.nina.action(
              saveOrTestMailbox,
              form({ intent, imapHost: host, smtpHost: host, imapPort: String(port), smtpPort: String(port) }),
            );
            expect(outcome.result?.status, host).toBe('error');
            expect(outcome.result?.values, host).toMatchObject({ imapOutcome: 'internal', smtpOutcome: 'internal' });
          }
        // The cloud's metadata service and a private network: refused at once, nothing waited for.
        const started = Date.now();
        const outcome = await as.nina.action(
          saveOrTestMailbox,
          form({ intent: 'test', imapHost: '169.254.169.254', smtpHost: '10.0.0.1' }),
        );
        expect(outcome.result?.values).toMatchObject({ imapOutcome: 'internal', smtpOutcome: 'internal' });
        expect(Date.now() - started).toBeLessThan(2_000);
      });
      // A host the deployment lists by name is reached, but only that one.
      await withEnv({ MAIL_INTERNAL_HOSTS: 'localhost' }, async () => {
        const listedByName = await as.nina.action(
          saveOrTestMailbox,
          form({ intent: 'test', imapHost: 'localhost', smtpHost: 'localhost' }),
        );
        expect(listedByName.result?.values).toMatchObject({ imapOutcome: 'ok', smtpOutcome: 'ok' });
        const other = await as.nina.action(saveOrTestMailbox, form({ intent: 'test' }));
        expect(other.result?.values).toMatchObject({ imapOutcome: 'internal', smtpOutcome: 'internal' });
      });
    } finally {
      probe.close();
    }
    expect(connections).toBe(0);
    expect(await (await getDb()).select().from(userMailboxes)).toHaveLength(0);
    expect(await audits('connections.mailbox_saved')).toHaveLength(0);
  });

  it('answers "timed out" within about 10 seconds when the servers never greet', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    try {
      const outcome = await as.nina.action(
        saveOrTestMailbox,
        form({ intent: 'test', imapPort: String(port), smtpPort: String(port) }),
      );
      expect(outcome.result?.values).toMatchObject({ imapOutcome: 'timeout', smtpOutcome: 'timeout' });
      expect(Date.now() - started).toBeLessThan(12_500);
    } finally {
      silent.close();
    }
  }, 30_000);
});

describe('saving', () => {
  it('saves after a passing test, the password sealed, never in the page or the audit log', async () => {
    const outcome = await as.owner.action(saveOrTestMailbox, form({ intent: 'save', sendAs: 'on' }));
    expect(outcome.result).toMatchObject({
      status: 'success',
      message: 'Mailbox saved. Both connections work.',
      values: { imapOutcome: 'ok', smtpOutcome: 'ok' },
    });
    const row = await mailboxRow(ownerId);
    expect(row).toMatchObject({
      orgId,
      preset: 'custom',
      address: ADDRESS,
      imapHost: '127.0.0.1',
      imapPort: imap.port,
      imapSecurity: 'none',
      smtpPort: smtp.port,
      username: ADDRESS,
      // The organization does not allow sending through personal mailboxes (yet).
      sendAs: false,
    });
    expect(row.verifiedAt).toBeInstanceOf(Date);
    expect(row.passwordSealed).not.toContain(MAIL_PASSWORD);
    expect(decryptSecret(row.passwordSealed, MAILBOX_PASSWORD_PURPOSE)).toBe(MAIL_PASSWORD);

    const [entry] = await audits('connections.mailbox_saved');
    expect(entry).toMatchObject({ actorUserId: ownerId, targetId: ownerId });
    expect(entry.data).toMatchObject({ address: ADDRESS, passwordChanged: true, created: true });
    expect(JSON.stringify(entry.data)).not.toContain('Mbx-s3cret');

    const html = await page(as.owner);
    expect(html).not.toContain('Mbx-s3cret');
    expect(html).not.toContain(row.passwordSealed);
    expect(html).toContain(`Connected: ${ADDRESS}.`);
    expect(html).toContain('Connection tested');
    expect(html).toContain('Leave empty to keep the saved password.');
    expect(html).toContain('>Disconnect mailbox<');
    expect(html).toMatch(/id="mailbox-password"[^>]*value=""|value=""[^>]*id="mailbox-password"/);
  });

  it('keeps the saved password for the same servers, and asks for it for new ones', async () => {
    const sealedBefore = (await mailboxRow(ownerId)).passwordSealed;
    const same = await as.owner.action(saveOrTestMailbox, form({ intent: 'save', password: '' }));
    expect(same.result?.status).toBe('success');
    const after = await mailboxRow(ownerId);
    expect(decryptSecret(after.passwordSealed, MAILBOX_PASSWORD_PURPOSE)).toBe(MAIL_PASSWORD);
    expect(after.passwordSealed).not.toBe(sealedBefore);

    const moved = await as.owner.action(
      saveOrTestMailbox,
      form({ intent: 'test', smtpHost: 'localhost', password: '' }),
    );
    expect(moved.result?.fieldErrors?.password).toEqual([
      'Enter the password: the saved one is used only with the servers and username it was saved for.',
    ]);
  });

  it('keeps the saved mailbox untouched when a new save fails its test', async () => {
    const before = await mailboxRow(ownerId);
    const outcome = await as.owner.action(saveOrTestMailbox, form({ intent: 'save', password: 'wrong-password' }));
    expect(outcome.result?.status).toBe('error');
    expect(await mailboxRow(ownerId)).toEqual(before);
  });
});

describe('sending on the user’s behalf', () => {
  const fallbackSent: MailMessage[] = [];
  const fallback: MailTransport = { kind: 'smtp', send: async (mail) => void fallbackSent.push(mail) };

  it('lets the organization allow it on the business email page', async () => {
    expect((await as.nina.action(saveMailboxSending, { allowMailboxSending: 'on' })).notFound).toBe(true);
    const html = (await renderHtml(as.owner, () => OrgEmailPage())).result ?? '';
    expect(html).toContain('>Allow people to send through their own mailbox</label>');
    const outcome = await as.owner.action(saveMailboxSending, { allowMailboxSending: 'on' });
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Saved.' });
    const [org] = await (await getDb()).select().from(organizations).where(eq(organizations.id, orgId));
    expect(org.allowMailboxSending).toBe(true);
    expect((await audits('org.mail_server_saved')).map((a) => a.data)).toContainEqual({ allowMailboxSending: true });
  });

  it('sends an invitation through the inviter’s own mailbox, from their address with their name', async () => {
    const saved = await as.owner.action(saveOrTestMailbox, form({ intent: 'save', sendAs: 'on', password: '' }));
    expect(saved.result?.status).toBe('success');
    expect((await mailboxRow(ownerId)).sendAs).toBe(true);
    expect(await page(as.owner)).toContain('goes out through this mailbox');

    const db = await getDb();
    await db.delete(mailOutbox);
    smtp.received.length = 0;
    const { user, org } = await getOwner();
    const invited = await inviteUser(db, actorOf({ user, org }), {
      email: 'ivan@acme.test',
      firstName: 'Ivan',
      lastName: 'Invitee',
      role: 'member',
    });
    expect(invited.ok).toBe(true);
    expect(await drainOutbox(db, fallback)).toEqual({ sent: 1, failed: 0 });
    expect(fallbackSent).toHaveLength(0);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].from).toBe(ADDRESS);
    expect(smtp.received[0].to).toEqual(['ivan@acme.test']);
    expect(smtp.received[0].data).toMatch(/^From: Test User <olga@mail\.acme\.test>$/m);
  });

  it('does not send through a saved mailbox whose server is now on the internal network; the mail waits', async () => {
    const db = await getDb();
    await db.delete(mailOutbox);
    smtp.received.length = 0;
    await withEnv({ MAIL_INTERNAL_HOSTS: undefined }, async () => {
      await inviteAsOwner('ilya@acme.test', 'Ilya');
      expect(await drainOutbox(db, fallback)).toEqual({ sent: 0, failed: 1 });
    });
    expect(smtp.received).toHaveLength(0);
    expect(fallbackSent.map((m) => m.to)).not.toContain('ilya@acme.test');
    const [waiting] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'ilya@acme.test'));
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.lastError).toContain('internal network');
    await db.delete(mailOutbox);
  });

  it('goes through the normal transport once the organization forbids it', async () => {
    expect((await as.owner.action(saveMailboxSending, {})).result?.status).toBe('success');
    const db = await getDb();
    expect(await userMailboxTransport(db, ownerId)).toBeNull();
    smtp.received.length = 0;
    await inviteAsOwner('vera@acme.test', 'Vera');
    expect(await drainOutbox(db, fallback)).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(fallbackSent.map((m) => m.to)).toEqual(['vera@acme.test']);
    expect(await page(as.owner)).toContain('Your organization does not allow sending through personal mailboxes.');
  });
});

describe('disconnecting', () => {
  it('deletes the mailbox and its password, audited, and the card says so', async () => {
    const outcome = await as.owner.run(() => disconnectMailbox(new FormData()));
    expect(outcome.redirect).toBe('/settings/connections#mailbox-title');
    expect(as.owner.flash).toMatchObject({ status: 'success', key: 'userMailbox.disconnected' });
    expect(await mailboxRow(ownerId)).toBeUndefined();
    const [entry] = await audits('connections.mailbox_removed');
    expect(entry.data).toMatchObject({ address: ADDRESS });
    const html = await page(as.owner);
    expect(html).toContain('Mailbox disconnected.');
    expect(html).toContain('No mailbox connected.');
  });
});

/** The owner invites someone; the invitation mail waits in the outbox. */
async function inviteAsOwner(email: string, firstName: string) {
  const { user, org } = await getOwner();
  return inviteUser(await getDb(), actorOf({ user, org }), { email, firstName, lastName: 'Invitee', role: 'member' });
}

async function getOwner() {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, ownerId));
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  return { user, org };
}
