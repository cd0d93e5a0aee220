import 'server-only';

import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';

import type { Db, Executor } from '@/db';
import { orgMailServers, type MailSecurity } from '@/db/schema';

import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import { smtpServerTransport, type MailTransport } from '../mail/transport';
import { decryptSecret, encryptSecret } from '../security/secret-box';
import type { OrgActor } from './actor';
import type { MailServerInput } from './mail-server-schema';

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'> | undefined;

/** The secret box's purpose: a sealed mail password opens nowhere else. */
const PASSWORD_PURPOSE = 'org-mail-password';

/** "Test connection" answers within this, whatever the server does. */
export const TEST_TIMEOUT_MS = 10_000;

/** Whether the organization has connected its business email: "Approve by email" is offered only then. */
export async function hasBusinessEmail(db: Executor, orgId: string): Promise<boolean> {
  const [row] = await db
    .select({ orgId: orgMailServers.orgId })
    .from(orgMailServers)
    .where(eq(orgMailServers.orgId, orgId));
  return Boolean(row);
}

/** What the settings page shows: everything but the password, of which only whether one is stored. */
export type MailServerView = {
  host: string;
  port: number;
  security: MailSecurity;
  username: string;
  hasPassword: boolean;
  fromAddress: string;
  fromName: string;
  verifiedAt: Date | null;
};

type MailServerRow = typeof orgMailServers.$inferSelect;

async function storedServer(db: Executor, orgId: string): Promise<MailServerRow | null> {
  const [row] = await db.select().from(orgMailServers).where(eq(orgMailServers.orgId, orgId));
  return row ?? null;
}

export async function getMailServer(db: Executor, orgId: string): Promise<MailServerView | null> {
  const row = await storedServer(db, orgId);
  if (!row) return null;
  return {
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    hasPassword: Boolean(row.passwordSealed),
    fromAddress: row.fromAddress,
    fromName: row.fromName,
    verifiedAt: row.verifiedAt,
  };
}

/** The settings a connection depends on; the sender does not change whether it works. */
type Connection = { host: string; port: number; security: MailSecurity; username: string; password: string | null };

const sameConnection = (a: Connection, b: Connection) =>
  a.host.toLowerCase() === b.host.toLowerCase() &&
  a.port === b.port &&
  a.security === b.security &&
  a.username === b.username &&
  (a.password ?? '') === (b.password ?? '');

function storedConnection(row: MailServerRow): Connection {
  return {
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    password: row.passwordSealed ? decryptSecret(row.passwordSealed, PASSWORD_PURPOSE) : null,
  };
}

/** The form's connection; an empty password field means the stored one. */
function typedConnection(input: MailServerInput, stored: Connection | null): Connection {
  return {
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username,
    password: input.password ? input.password : (stored?.password ?? null),
  };
}

/**
 * nodemailer's options for a server. "SSL/TLS" speaks TLS from the first byte; "STARTTLS" must
 * upgrade or fail, so a password never crosses in clear because a server stopped offering it;
 * "None" stays plain even where the server offers an upgrade.
 */
function smtpOptions(c: Connection): SMTPTransport.Options {
  return {
    host: c.host,
    port: c.port,
    secure: c.security === 'tls',
    requireTLS: c.security === 'starttls',
    ignoreTLS: c.security === 'none',
    auth: c.username || c.password ? { user: c.username, pass: c.password ?? '' } : undefined,
  };
}

export type SaveMailServerResult = { ok: true; changed: boolean };

/**
 * Stores the organization's server, the password sealed. A changed connection clears "tested",
 * which only "Test connection" sets again; an empty password field keeps the stored password.
 */
export async function saveMailServer(
  db: Db,
  actor: OrgActor,
  input: MailServerInput,
  meta?: Meta,
): Promise<SaveMailServerResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(orgMailServers).where(eq(orgMailServers.orgId, actor.orgId)).for('update');
    const passwordChanged = Boolean(input.password);
    const next = {
      host: input.host,
      port: input.port,
      security: input.security,
      username: input.username,
      fromAddress: input.fromAddress,
      fromName: input.fromName,
    };
    if (row) {
      const unchanged =
        !passwordChanged &&
        row.host === next.host &&
        row.port === next.port &&
        row.security === next.security &&
        row.username === next.username &&
        row.fromAddress === next.fromAddress &&
        row.fromName === next.fromName;
      if (unchanged) return { ok: true, changed: false };
    }
    const connectionChanged =
      !row ||
      passwordChanged ||
      row.host !== next.host ||
      row.port !== next.port ||
      row.security !== next.security ||
      row.username !== next.username;
    const passwordSealed = passwordChanged
      ? encryptSecret(input.password as string, PASSWORD_PURPOSE)
      : (row?.passwordSealed ?? null);
    const verifiedAt = connectionChanged ? null : (row?.verifiedAt ?? null);
    await tx
      .insert(orgMailServers)
      .values({ orgId: actor.orgId, ...next, passwordSealed, verifiedAt })
      .onConflictDoUpdate({
        target: orgMailServers.orgId,
        set: { ...next, passwordSealed, verifiedAt, updatedAt: new Date() },
      });
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'org.mail_server_saved',
      targetType: 'organization',
      targetId: actor.orgId,
      // Whether the password changed, never the password.
      data: { ...next, passwordChanged, created: !row },
      meta,
    });
    return { ok: true, changed: true };
  });
}

/** "Disconnect": the organization's mail goes out through the app's own server again. */
export async function removeMailServer(db: Db, actor: OrgActor, meta?: Meta): Promise<{ ok: true; removed: boolean }> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(orgMailServers)
      .where(eq(orgMailServers.orgId, actor.orgId))
      .returning({ host: orgMailServers.host, fromAddress: orgMailServers.fromAddress });
    if (!removed.length) return { ok: true, removed: false };
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'org.mail_server_removed',
      targetType: 'organization',
      targetId: actor.orgId,
      data: { host: removed[0].host, fromAddress: removed[0].fromAddress },
      meta,
    });
    return { ok: true, removed: true };
  });
}

export type MailTestFailure = 'notFound' | 'refused' | 'timeout' | 'tls' | 'auth' | 'failed';
export type TestMailServerResult = { ok: true; verified: boolean } | { ok: false; error: MailTestFailure };

const TLS_CODES =
  /^(ERR_SSL_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|CERT_|ERR_OSSL_)/;
const TLS_TEXT = /certificate|self[- ]signed|wrong version number|ssl|tls|handshake|packet length/i;

/** nodemailer's error, in the words the form uses. Its own codes (ESOCKET, EDNS) wrap the system's. */
export function mailTestFailure(error: unknown): MailTestFailure {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const text = typeof e.message === 'string' ? e.message : String(error);
  if (code === 'EAUTH' || e.responseCode === 535 || /\b535\b/.test(text)) return 'auth';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|ENODATA/.test(`${code} ${text}`)) return 'notFound';
  if (/ECONNREFUSED/.test(`${code} ${text}`)) return 'refused';
  if (code === 'ETIMEDOUT' || code === 'ETLS_TIMEOUT' || /timeout|timed out/i.test(text)) return 'timeout';
  if (code === 'ETLS' || TLS_CODES.test(code) || TLS_TEXT.test(text)) return 'tls';
  if (e.cause && e.cause !== error) return mailTestFailure(e.cause);
  return 'failed';
}

/**
 * "Test connection": connects with the form's values (the stored password when the field is
 * empty) and signs in, within TEST_TIMEOUT_MS. A success with exactly the stored connection
 * marks the server as tested.
 */
export async function testMailServer(db: Db, actor: OrgActor, input: MailServerInput): Promise<TestMailServerResult> {
  const row = await storedServer(db, actor.orgId);
  let stored: Connection | null = null;
  try {
    stored = row ? storedConnection(row) : null;
  } catch {
    // A password sealed under another AUTH_SECRET cannot be used; one typed in the form still can.
    stored = null;
  }
  const connection = typedConnection(input, stored);
  const transporter = nodemailer.createTransport(
    new SMTPTransport({
      ...smtpOptions(connection),
      connectionTimeout: TEST_TIMEOUT_MS,
      greetingTimeout: TEST_TIMEOUT_MS,
      socketTimeout: TEST_TIMEOUT_MS,
      dnsTimeout: TEST_TIMEOUT_MS,
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      transporter.verify(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error('Connection timed out'), { code: 'ETIMEDOUT' })),
          TEST_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    return { ok: false, error: mailTestFailure(error) };
  } finally {
    clearTimeout(timer);
    transporter.close();
  }
  if (!row || !stored || !sameConnection(connection, stored)) return { ok: true, verified: false };
  await db.update(orgMailServers).set({ verifiedAt: new Date() }).where(eq(orgMailServers.orgId, actor.orgId));
  return { ok: true, verified: true };
}

/**
 * The organization's own server as the outbox's transport, sending as its sender, or null when
 * it has none (its mail then goes through SMTP_URL like everyone else's).
 */
export async function orgMailTransport(db: Executor, orgId: string): Promise<MailTransport | null> {
  const row = await storedServer(db, orgId);
  if (!row) return null;
  const from = { address: row.fromAddress, name: row.fromName };
  return smtpServerTransport(smtpOptions(storedConnection(row)), from);
}
