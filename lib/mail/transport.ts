import 'server-only';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../config';

export type MailMessage = { id: string; to: string; subject: string; text: string; html?: string };
export type MailTransport = { kind: 'smtp' | 'files'; send: (mail: MailMessage) => Promise<void> };

export function smtpTransport(url: string, from = config.emailFrom): MailTransport {
  const transporter: Transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    send: async (mail) => {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
  };
}

/** Without SMTP_URL: each mail becomes `<data dir>/mail/<time>-<id>.eml`, listed at /dev/mailbox. */
export function fileTransport(dir = config.mailDir, from = config.emailFrom): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'files',
    send: async (mail) => {
      const info = await builder.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await writeFile(path.join(dir, `${stamp}-${mail.id}.eml`), info.message as Buffer, { mode: 0o600 });
    },
  };
}

export function getTransport(): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport();
}
