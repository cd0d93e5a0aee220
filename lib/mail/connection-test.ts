import 'server-only';

import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';

import type { MailSecurity } from '@/db/schema';

import { checkedMailServerAddress, type MailServerAddress } from './server-address';

/** "Test connection" answers within this, whatever the server does. */
export const TEST_TIMEOUT_MS = 10_000;

/** What a connection to a mail server depends on; `password` null signs in with an empty one. */
export type MailConnection = {
  host: string;
  port: number;
  security: MailSecurity;
  username: string;
  password: string | null;
};

export type MailTestFailure = 'notFound' | 'internal' | 'refused' | 'timeout' | 'tls' | 'auth' | 'failed';

/** A server's checked address: connected to by address, its name kept for TLS. */
type Target = Extract<MailServerAddress, { ok: true }>;

/**
 * nodemailer's options for a server, connecting to its checked address. "SSL/TLS" speaks TLS from
 * the first byte; "STARTTLS" must upgrade or fail, so a password never crosses in clear because a
 * server stopped offering it; "None" stays plain even where the server offers an upgrade.
 */
function smtpOptions(c: MailConnection, at: Target): SMTPTransport.Options {
  return {
    host: at.address,
    tls: at.servername ? { servername: at.servername } : undefined,
    port: c.port,
    secure: c.security === 'tls',
    requireTLS: c.security === 'starttls',
    ignoreTLS: c.security === 'none',
    auth: c.username || c.password ? { user: c.username, pass: c.password ?? '' } : undefined,
  };
}

const TLS_CODES =
  /^(ERR_SSL_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|CERT_|ERR_OSSL_)/;
const TLS_TEXT = /certificate|self[- ]signed|wrong version number|ssl|tls|handshake|packet length/i;

/**
 * A mail client's error (nodemailer's or imapflow's), in the words the forms use. nodemailer's own
 * codes (ESOCKET, EDNS) wrap the system's; imapflow flags a refused login and a failed upgrade.
 */
export function mailTestFailure(error: unknown): MailTestFailure {
  const e = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
    cause?: unknown;
    authenticationFailed?: unknown;
    tlsFailed?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  const text = typeof e.message === 'string' ? e.message : String(error);
  if (code === 'EAUTH' || e.authenticationFailed === true || e.responseCode === 535 || /\b535\b/.test(text))
    return 'auth';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|ENODATA/.test(`${code} ${text}`)) return 'notFound';
  if (/ECONNREFUSED/.test(`${code} ${text}`)) return 'refused';
  if (
    code === 'ETIMEDOUT' ||
    code === 'ETLS_TIMEOUT' ||
    /_TIMEOUT$|^ETIMEOUT$/.test(code) ||
    /timeout|timed out|in required time/i.test(text)
  )
    return 'timeout';
  if (code === 'ETLS' || e.tlsFailed === true || TLS_CODES.test(code) || TLS_TEXT.test(text)) return 'tls';
  if (e.cause && e.cause !== error) return mailTestFailure(e.cause);
  return 'failed';
}

const timedOut = () => Object.assign(new Error('Connection timed out'), { code: 'ETIMEDOUT' });

/**
 * `work`, or a "timed out" error once `ms` have passed; `cleanup` runs either way. A late failure
 * of `work` (after the time ran out and `cleanup` closed the connection) is nobody's to report.
 */
async function within<T>(ms: number, work: Promise<T>, cleanup: () => void): Promise<T> {
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timedOut()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    cleanup();
  }
}

/**
 * nodemailer's options for sending through a server typed into a form, at the address checked
 * now; throws for one on an internal network, so that attempt fails and the mail waits.
 */
export async function checkedSmtpOptions(c: MailConnection): Promise<SMTPTransport.Options> {
  const at = await checkedMailServerAddress(c.host);
  if (!at.ok)
    throw new Error(
      at.failure === 'internal'
        ? `Mail server ${c.host} is on an internal network and not listed in MAIL_INTERNAL_HOSTS`
        : `Mail server ${c.host} was not found`,
    );
  return smtpOptions(c, at);
}

/**
 * The server's checked address, or why there is none, within `ms` (a lookup may hang): the
 * milliseconds left for connecting come with it.
 */
async function targetOf(host: string, ms: number): Promise<{ at: Target; left: number } | MailTestFailure> {
  const started = Date.now();
  try {
    const at = await within(ms, checkedMailServerAddress(host), () => {});
    return at.ok ? { at, left: Math.max(ms - (Date.now() - started), 1) } : at.failure;
  } catch (error) {
    return mailTestFailure(error);
  }
}

/**
 * Whether `host` is on an internal network that MAIL_INTERNAL_HOSTS does not list, decided within
 * `ms`: a name not found, or a lookup that does not answer in time, is not known to be internal.
 */
export async function isInternalMailServer(host: string, ms = TEST_TIMEOUT_MS): Promise<boolean> {
  return (await targetOf(host, ms)) === 'internal';
}

/**
 * Connects to an SMTP server and signs in (nodemailer's verify); null when that worked. A server
 * on an internal network is not connected to at all (see server-address.ts).
 */
export async function verifySmtp(c: MailConnection, timeoutMs = TEST_TIMEOUT_MS): Promise<MailTestFailure | null> {
  const target = await targetOf(c.host, timeoutMs);
  if (typeof target === 'string') return target;
  timeoutMs = target.left;
  const transporter = nodemailer.createTransport(
    new SMTPTransport({
      ...smtpOptions(c, target.at),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
    }),
  );
  try {
    await within(timeoutMs, transporter.verify(), () => transporter.close());
    return null;
  } catch (error) {
    return mailTestFailure(error);
  }
}

/**
 * Connects to an IMAP server, signs in and logs out (imapflow); null when that worked. The
 * security means the same as for SMTP: "STARTTLS" must upgrade, "None" never does; the address
 * is checked the same way.
 */
export async function verifyImap(c: MailConnection, timeoutMs = TEST_TIMEOUT_MS): Promise<MailTestFailure | null> {
  const target = await targetOf(c.host, timeoutMs);
  if (typeof target === 'string') return target;
  timeoutMs = target.left;
  const client = new ImapFlow({
    host: target.at.address,
    servername: target.at.servername,
    port: c.port,
    secure: c.security === 'tls',
    doSTARTTLS: c.security === 'starttls' ? true : c.security === 'none' ? false : undefined,
    auth: { user: c.username, pass: c.password ?? '' },
    logger: false,
    verifyOnly: true,
    disableAutoIdle: true,
    disableCompression: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  // Some failures (a certificate refused during STARTTLS) only emit "error" and leave connect()
  // waiting: either one reports the failure.
  const failed = new Promise<never>((_, reject) => client.on('error', reject));
  try {
    await within(timeoutMs, Promise.race([client.connect(), failed]), () => client.close());
    return null;
  } catch (error) {
    return mailTestFailure(error);
  }
}
