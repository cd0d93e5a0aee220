import { createServer, type Server } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { disconnectMailServer, saveOrTestMailServer } from '@/app/(org)/org-settings/email/actions';
import DisconnectMailServerPage from '@/app/(org)/org-settings/email/disconnect/page';
import OrgEmailPage from '@/app/(org)/org-settings/email/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, mailOutbox, orgMailServers, roleAssignments, roles } from '@/db/schema';
import { drainOutbox, enqueueMail } from '@/lib/mail/outbox';
import type { MailMessage, MailTransport } from '@/lib/mail/transport';
import { hasBusinessEmail } from '@/lib/org/mail-server';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { withEnv } from '../support/env';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';
import { startLoopbackSmtp, type LoopbackSmtp, type ReceivedMail } from '../support/smtp';

useTestDatabase();

const SMTP_USER = 'mailer@acme.test';
const SMTP_PASSWORD = 'sm7p-Secret-Pass!';

let smtp: LoopbackSmtp;
let smtpPort: number;
let received: ReceivedMail[];
/** Speaks TLS from the first byte with smtp-server's own self-signed certificate. */
let tlsSmtp: SMTPServer;
let tlsSmtpPort: number;
/** A port that was free a moment ago: nothing listens there. */
let closedPort: number;

async function listen(server: SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.server.address() as { port: number }).port;
}

async function freePort(): Promise<number> {
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let orgId: string;
let otherOrgId: string;
const as = {} as Record<'owner' | 'member' | 'keeper', TestClient>;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

const serverRow = async (id = orgId) =>
  (await (await getDb()).select().from(orgMailServers).where(eq(orgMailServers.orgId, id)))[0];
const audits = async (action: string) =>
  (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.orgId, orgId)));

beforeAll(async () => {
  smtp = await startLoopbackSmtp({ user: SMTP_USER, password: SMTP_PASSWORD });
  received = smtp.received;
  smtpPort = smtp.port;
  tlsSmtp = new SMTPServer({ secure: true, authOptional: true, logger: false });
  // A client that gives up on the self-signed certificate closes mid-handshake: expected here.
  tlsSmtp.on('error', () => {});
  tlsSmtpPort = await listen(tlsSmtp);
  closedPort = await freePort();

  const db = await getDb();
  const { org } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  orgId = org.id;
  await addUser(orgId, { email: 'mia@acme.test', role: 'member' });
  const keeper = await addUser(orgId, { email: 'paul@acme.test', role: 'member' });
  const [role] = await db
    .insert(roles)
    .values({ orgId, name: 'Policy keeper', permissions: ['policies.manage'] })
    .returning();
  await db.insert(roleAssignments).values({ orgId, roleId: role.id, userId: keeper.id });
  otherOrgId = (await createOrgWithUser({ orgName: 'Umbrella', email: 'otto@umbrella.test' })).org.id;
  as.owner = await signIn('olga@acme.test');
  as.member = await signIn('mia@acme.test');
  as.keeper = await signIn('paul@acme.test');
});

afterAll(async () => {
  await smtp.close();
  await new Promise<void>((resolve) => tlsSmtp.close(() => resolve()));
});

const form = (overrides: Record<string, string> = {}) => ({
  host: '127.0.0.1',
  port: String(smtpPort),
  security: 'none',
  username: SMTP_USER,
  password: SMTP_PASSWORD,
  fromAddress: 'office@acme.test',
  fromName: 'Acme Office',
  ...overrides,
});

describe('business email', () => {
  it('is invisible without policies.manage', async () => {
    expect((await as.member.run(() => OrgEmailPage())).notFound).toBe(true);
    expect((await as.member.run(() => DisconnectMailServerPage())).notFound).toBe(true);
    expect((await as.member.action(saveOrTestMailServer, form({ intent: 'save' }))).notFound).toBe(true);
    expect((await as.member.action(saveOrTestMailServer, form({ intent: 'test' }))).notFound).toBe(true);
    expect(await serverRow()).toBeUndefined();
  });

  it('shows the empty form with its labels before anything is saved', async () => {
    const page = await renderHtml(as.keeper, () => OrgEmailPage());
    for (const label of ['SMTP host', 'Port', 'Security', 'Username', 'Password', 'Sender address', 'Sender name']) {
      expect(page.result).toContain(`>${label}</label>`);
    }
    for (const option of ['SSL/TLS', 'STARTTLS', 'None']) expect(page.result).toContain(`>${option}</option>`);
    expect(page.result).toContain('>Save<');
    expect(page.result).toContain('>Test connection<');
    expect(page.result).not.toContain('>Disconnect<');
    expect(page.result).not.toContain('A password is saved.');
  });

  it.each([
    [{ port: '0' }, 'port', 'Enter a port from 1 to 65535.'],
    [{ port: '70000' }, 'port', 'Enter a port from 1 to 65535.'],
    [{ port: 'abc' }, 'port', 'Enter a port from 1 to 65535.'],
    [{ host: '' }, 'host', 'Fill in this field.'],
    [
      { host: 'smtp://mail.acme.test' },
      'host',
      'Enter a host name such as smtp.example.com, without spaces or smtp://.',
    ],
    [{ fromAddress: 'not-an-address' }, 'fromAddress', 'Enter a valid email address, like name@example.com.'],
    [{ security: 'ssl3' }, 'security', 'Choose SSL/TLS, STARTTLS or None.'],
  ])('refuses %o next to the field and writes nothing', async (fields, field, message) => {
    for (const intent of ['save', 'test']) {
      const outcome = await as.keeper.action(saveOrTestMailServer, form({ intent, ...fields }));
      expect(outcome.result?.status).toBe('error');
      expect(outcome.result?.fieldErrors?.[field]).toEqual([message]);
      expect(outcome.result?.values?.password).toBeUndefined();
    }
    expect(await serverRow()).toBeUndefined();
    expect(await audits('org.mail_server_saved')).toHaveLength(0);
  });

  it('saves on the caller’s organization with the password sealed, never shown or audited', async () => {
    const outcome = await as.keeper.action(saveOrTestMailServer, form({ intent: 'save', orgId: otherOrgId }));
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Business email saved.' });
    const row = await serverRow();
    expect(row).toMatchObject({
      host: '127.0.0.1',
      port: smtpPort,
      security: 'none',
      username: SMTP_USER,
      fromAddress: 'office@acme.test',
      fromName: 'Acme Office',
      verifiedAt: null,
    });
    expect(row.passwordSealed).toBeTruthy();
    expect(row.passwordSealed).not.toContain(SMTP_PASSWORD);
    expect(await serverRow(otherOrgId)).toBeUndefined();
    expect(await hasBusinessEmail(await getDb(), orgId)).toBe(true);

    const [entry] = await audits('org.mail_server_saved');
    expect(entry.data).toMatchObject({ host: '127.0.0.1', passwordChanged: true, created: true });
    expect(JSON.stringify(entry.data)).not.toContain(SMTP_PASSWORD);

    const page = await renderHtml(as.keeper, () => OrgEmailPage());
    expect(page.result).not.toContain(SMTP_PASSWORD);
    expect(page.result).not.toContain(row.passwordSealed);
    expect(page.result).toContain('A password is saved. Leave empty to keep it.');
    expect(page.result).toContain('Acme Office &lt;office@acme.test&gt;');
    expect(page.result).toContain('value="office@acme.test"');
    expect(page.result).toContain('>Disconnect<');
  });

  it('keeps the stored password when the field is left empty', async () => {
    const sealed = (await serverRow()).passwordSealed;
    const outcome = await as.keeper.action(
      saveOrTestMailServer,
      form({ intent: 'save', password: '', fromName: 'Acme' }),
    );
    expect(outcome.result?.status).toBe('success');
    expect(await serverRow()).toMatchObject({ passwordSealed: sealed, fromName: 'Acme' });
    expect((await audits('org.mail_server_saved')).map((a) => a.data)).toContainEqual(
      expect.objectContaining({ passwordChanged: false, fromName: 'Acme' }),
    );
  });

  it('tests the connection with the stored password and marks the saved settings as tested', async () => {
    const outcome = await as.keeper.action(
      saveOrTestMailServer,
      form({ intent: 'test', password: '', fromName: 'Acme' }),
    );
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Connection works.' });
    expect((await serverRow()).verifiedAt).toBeInstanceOf(Date);
  });

  it('tests values not saved yet without marking the stored ones', async () => {
    await (await getDb()).update(orgMailServers).set({ verifiedAt: null }).where(eq(orgMailServers.orgId, orgId));
    const outcome = await as.keeper.action(saveOrTestMailServer, form({ intent: 'test', host: 'localhost' }));
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Connection works.' });
    expect(outcome.result?.values?.host).toBe('localhost');
    expect((await serverRow()).verifiedAt).toBeNull();
  });

  it.each([
    [
      'a wrong password',
      () => ({ password: 'wrong-password' }),
      'Authentication failed: check the username and password.',
    ],
    [
      'a port nothing listens on',
      () => ({ port: String(closedPort) }),
      'Connection refused: nothing accepts connections on that host and port.',
    ],
    ['an unknown host', () => ({ host: 'no-such-host.invalid' }), 'Host not found: check the SMTP host.'],
    [
      'SSL/TLS against a plain server',
      () => ({ security: 'tls' }),
      'TLS problem: the secure connection failed (certificate not trusted, self-signed, or the wrong security for this port).',
    ],
    [
      'a self-signed certificate',
      () => ({ security: 'tls', port: String(tlsSmtpPort) }),
      'TLS problem: the secure connection failed (certificate not trusted, self-signed, or the wrong security for this port).',
    ],
    [
      'STARTTLS required where the server offers none',
      () => ({ security: 'starttls' }),
      'TLS problem: the secure connection failed (certificate not trusted, self-signed, or the wrong security for this port).',
    ],
  ])('says which failure: %s', async (_name, fields, message) => {
    const outcome = await as.keeper.action(saveOrTestMailServer, form({ intent: 'test', ...fields() }));
    expect(outcome.result).toMatchObject({ status: 'error', message });
    expect(outcome.result?.values?.password).toBeUndefined();
    expect((await serverRow()).verifiedAt).toBeNull();
  });

  it('says "timed out" when a server accepts but never greets, within 10 seconds', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    try {
      const outcome = await as.keeper.action(saveOrTestMailServer, form({ intent: 'test', port: String(port) }));
      expect(outcome.result).toMatchObject({
        status: 'error',
        message: 'Timed out: the server did not answer within 10 seconds.',
      });
      expect(Date.now() - started).toBeLessThan(12_000);
    } finally {
      silent.close();
    }
  }, 20_000);

  it('does not reach hosts on the internal network unless MAIL_INTERNAL_HOSTS lists them', async () => {
    const internal =
      "Not allowed: this host is on an internal network (a private, loopback or link-local address). Roster connects to such a host only when the server's MAIL_INTERNAL_HOSTS setting lists it.";
    const before = await serverRow();
    await withEnv({ MAIL_INTERNAL_HOSTS: undefined }, async () => {
      received.length = 0;
      const tested = await as.keeper.action(saveOrTestMailServer, form({ intent: 'test' }));
      expect(tested.result).toMatchObject({ status: 'error', message: internal });
      for (const host of ['127.0.0.1', 'localhost', '169.254.169.254', '10.0.0.1']) {
        const saved = await as.keeper.action(saveOrTestMailServer, form({ intent: 'save', host }));
        expect(saved.result, host).toMatchObject({
          status: 'error',
          message: 'Check the highlighted fields.',
          fieldErrors: { host: [internal] },
        });
        expect(saved.result?.values?.host).toBe(host);
        expect(saved.result?.values?.password).toBeUndefined();
      }
      expect(await serverRow()).toEqual(before);
      // The stored server is now refused too: its mail fails this attempt and waits.
      const db = await getDb();
      await db.delete(mailOutbox);
      await enqueueMail(db, { orgId, to: 'mia@acme.test', subject: 'For Acme', text: 'Hello Acme' });
      const fallback: MailTransport = { kind: 'smtp', send: async () => {} };
      expect(await drainOutbox(db, fallback)).toEqual({ sent: 0, failed: 1 });
      expect(received).toHaveLength(0);
      await db.delete(mailOutbox);
    });
  });

  it('sends the organization’s mail through its server as its sender; other mail as before', async () => {
    const db = await getDb();
    await db.delete(mailOutbox);
    received.length = 0;
    await enqueueMail(db, { orgId, to: 'mia@acme.test', subject: 'For Acme', text: 'Hello Acme' });
    await enqueueMail(db, { orgId: otherOrgId, to: 'otto@umbrella.test', subject: 'For Umbrella', text: 'Hi' });
    await enqueueMail(db, { orgId: null, to: 'someone@example.test', subject: 'No org', text: 'Hi' });
    const viaDefault: MailMessage[] = [];
    const fallback: MailTransport = { kind: 'smtp', send: async (mail) => void viaDefault.push(mail) };

    expect(await drainOutbox(db, fallback)).toEqual({ sent: 3, failed: 0 });

    expect(received).toHaveLength(1);
    expect(received[0].from).toBe('office@acme.test');
    expect(received[0].to).toEqual(['mia@acme.test']);
    expect(received[0].data).toMatch(/^From: Acme <office@acme\.test>$/m);
    expect(received[0].data).toContain('Subject: For Acme');
    expect(viaDefault.map((m) => m.subject).sort()).toEqual(['For Umbrella', 'No org']);
  });

  it('disconnects after the confirmation; the organization’s mail goes through the default again', async () => {
    const confirm = await renderHtml(as.keeper, () => DisconnectMailServerPage());
    expect(confirm.result).toContain('Disconnect the business email?');
    expect(confirm.result).toContain('>Disconnect<');
    expect((await as.member.run(() => disconnectMailServer(new FormData()))).notFound).toBe(true);
    expect(await serverRow()).toBeTruthy();

    const outcome = await as.keeper.run(() => disconnectMailServer(new FormData()));
    expect(outcome.redirect).toBe('/org-settings/email');
    expect(as.keeper.flash).toMatchObject({ status: 'success', key: 'orgEmail.disconnected' });
    expect(await serverRow()).toBeUndefined();
    const [entry] = await audits('org.mail_server_removed');
    expect(entry.data).toEqual({ host: '127.0.0.1', fromAddress: 'office@acme.test' });

    // Nothing left to confirm: the page sends back to the section.
    expect((await as.keeper.run(() => DisconnectMailServerPage())).redirect).toBe('/org-settings/email');

    const db = await getDb();
    received.length = 0;
    await enqueueMail(db, { orgId, to: 'mia@acme.test', subject: 'After', text: 'Hi' });
    const viaDefault: MailMessage[] = [];
    expect(await drainOutbox(db, { kind: 'smtp', send: async (m) => void viaDefault.push(m) })).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(received).toHaveLength(0);
    expect(viaDefault.map((m) => m.subject)).toEqual(['After']);
  });
});
