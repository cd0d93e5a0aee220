import 'server-only';

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';

import { config } from '../config';
import { pgpMimeMessage } from './pgp-mime';

export type MailMessage = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The recipient's armored OpenPGP public key: the mail is then sent PGP/MIME-encrypted to it. */
  encryptTo?: string | null;
};
export type MailTransport = { kind: 'smtp' | 'files'; send: (mail: MailMessage) => Promise<void> };

/**
 * Well below the outbox lease (5 minutes, renewed before each mail): a server that stalls makes
 * the attempt fail and the mail wait for its next turn, rather than outlive the lease and be
 * sent again by another worker. Nodemailer's own defaults allow up to 10 minutes of silence.
 * Query parameters of SMTP_URL (`?socketTimeout=…`) still take precedence.
 */
export const SMTP_TIMEOUTS = {
  connectionTimeout: 20_000,
  greetingTimeout: 20_000,
  socketTimeout: 60_000,
  dnsTimeout: 15_000,
} as const;

/**
 * `<outbox-id@app-host>`: the same on every attempt, so a receiving server can drop the copy
 * when one attempt was delivered but its answer was lost.
 */
export function messageIdFor(id: string): string {
  return `<${id}@${new URL(config.appUrl).hostname || 'localhost'}>`;
}

export function smtpTransport(url: string, from = config.emailFrom): MailTransport {
  // A transport object, not the bare URL: given a URL, nodemailer drops every other option.
  return sendingThrough(nodemailer.createTransport(new SMTPTransport({ ...SMTP_TIMEOUTS, url })), from);
}

/**
 * A server given by its parts rather than a URL (an organization's business email), with the
 * same timeouts as SMTP_URL unless the options name their own.
 */
export function smtpServerTransport(options: SMTPTransport.Options, from: string | Mail.Address): MailTransport {
  return sendingThrough(nodemailer.createTransport(new SMTPTransport({ ...SMTP_TIMEOUTS, ...options })), from);
}

/**
 * What nodemailer is handed for `mail`: the usual options, or, with a key to encrypt to, the
 * finished PGP/MIME message and its envelope. Encrypting comes first and throws when it fails,
 * so that attempt fails (and is retried) rather than the mail going out in the clear.
 */
export async function mailOptions(mail: MailMessage, from: string | Mail.Address): Promise<Mail.Options> {
  const messageId = messageIdFor(mail.id);
  if (mail.encryptTo) {
    const { raw, envelope } = await pgpMimeMessage(
      { from, to: mail.to, subject: mail.subject, messageId },
      { text: mail.text, html: mail.html },
      mail.encryptTo,
    );
    return { envelope, raw };
  }
  return { from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId };
}

function sendingThrough(transporter: Transporter, from: string | Mail.Address): MailTransport {
  return {
    kind: 'smtp',
    send: async (mail) => {
      await transporter.sendMail(await mailOptions(mail, from));
    },
  };
}

/** Without SMTP_URL: each mail becomes `<data dir>/mail/<time>-<id>.eml`, listed at /dev/mailbox. */
export function fileTransport(dir = config.mailDir, from = config.emailFrom): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'files',
    send: async (mail) => {
      const info = await builder.sendMail(await mailOptions(mail, from));
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await writeFile(path.join(dir, `${stamp}-${mail.id}.eml`), info.message as Buffer, { mode: 0o600 });
    },
  };
}

export function getTransport(): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport();
}
