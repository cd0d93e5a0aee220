import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { mailOutbox } from '@/db/schema';
import { config } from '../config';

export type StoredMail = { file: string; to: string; subject: string; date: string; text: string; status?: string };

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}: (.*(?:\\n[ \\t].*)*)`, 'mi').exec(raw);
  return m ? m[1].replace(/\n[ \t]+/g, ' ').trim() : '';
}

function decodeBody(raw: string): string {
  const split = raw.indexOf('\n\n');
  const body = split >= 0 ? raw.slice(split + 2) : raw;
  if (/^Content-Transfer-Encoding: quoted-printable/im.test(raw.slice(0, split))) {
    return Buffer.from(
      body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  }
  if (/^Content-Transfer-Encoding: base64/im.test(raw.slice(0, split))) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return body;
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

/** The newest mails written by the file transport, newest first. */
const outboxIdOf = (file: string) => /([0-9a-f-]{36})\.eml$/.exec(file)?.[1] ?? null;

/**
 * The newest mails written by the file transport, newest first. With `orgId`, only mail queued
 * for that organization (an admin must never read another organization's links).
 */
export async function listStoredMail(limit = 100, orgId?: string): Promise<StoredMail[]> {
  let names: string[];
  try {
    names = (await readdir(config.mailDir)).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  names.sort().reverse();
  if (orgId) {
    const ids = names.map(outboxIdOf).filter((id): id is string => !!id);
    const db = await getDb();
    const mine = ids.length
      ? new Set((await db.select({ id: mailOutbox.id }).from(mailOutbox).where(and(eq(mailOutbox.orgId, orgId), inArray(mailOutbox.id, ids)))).map((r) => r.id))
      : new Set<string>();
    names = names.filter((n) => mine.has(outboxIdOf(n) ?? ''));
  }
  return Promise.all(
    names.slice(0, limit).map(async (file) => {
      const raw = (await readFile(path.join(config.mailDir, file), 'utf8')).replace(/\r\n/g, '\n');
      return {
        file,
        to: header(raw, 'To'),
        subject: decodeWords(header(raw, 'Subject')),
        date: header(raw, 'Date'),
        text: decodeBody(raw),
      };
    }),
  );
}

/**
 * With SMTP_URL set nothing is written to files: the organization's queued and sent mail comes
 * from the outbox instead, newest first, with its delivery status.
 */
export async function listOutboxMail(orgId: string, limit = 100): Promise<StoredMail[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: mailOutbox.id, to: mailOutbox.to, subject: mailOutbox.subject, text: mailOutbox.text, status: mailOutbox.status, createdAt: mailOutbox.createdAt })
    .from(mailOutbox)
    .where(eq(mailOutbox.orgId, orgId))
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
  return rows.map((r) => ({ file: r.id, to: r.to, subject: r.subject, date: r.createdAt.toUTCString(), text: r.text, status: r.status }));
}

const RESET_LINK = /(\/reset-password\/)[A-Za-z0-9_-]+/g;

/**
 * A password-reset link opens the account it was sent for: an admin reading the mailbox sees
 * their own, never anyone else's (an admin could otherwise take over an owner's account).
 */
export function hideOthersResetLinks(mails: StoredMail[], viewerEmail: string): StoredMail[] {
  const me = viewerEmail.trim().toLowerCase();
  return mails.map((m) =>
    m.to.trim().toLowerCase().replace(/^.*<([^>]+)>$/, '$1') === me ? m : { ...m, text: m.text.replace(RESET_LINK, '$1[hidden]') },
  );
}

