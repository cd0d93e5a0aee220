import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { mailOutbox } from '@/db/schema';
import { config } from '../config';
import { hideSecretLinks } from '../http/secret-links';
import { parseEml } from './eml';

/** One mail as the mailbox lists it; `text` (the body) only where bodies may be shown. */
export type StoredMail = { file: string; to: string; subject: string; date: string; text?: string; status?: string };

const outboxIdOf = (file: string) => /([0-9a-f-]{36})\.eml$/.exec(file)?.[1] ?? null;

/**
 * The newest mails written by the file transport, newest first. With `orgId`, only mail queued
 * for that organization (an admin must never read another organization's mail).
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
  return Promise.all(names.slice(0, limit).map(async (file) => ({ file, ...parseEml(await readFile(path.join(config.mailDir, file), 'utf8')) })));
}

/**
 * With SMTP_URL set nothing is written to files: the organization's queued and sent mail comes
 * from the outbox instead, newest first, with its delivery status. Metadata only: this view is
 * never the development mailbox, so bodies are not even read.
 */
export async function listOutboxMail(orgId: string, limit = 100): Promise<StoredMail[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: mailOutbox.id, to: mailOutbox.to, subject: mailOutbox.subject, status: mailOutbox.status, createdAt: mailOutbox.createdAt })
    .from(mailOutbox)
    .where(eq(mailOutbox.orgId, orgId))
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
  return rows.map((r) => ({ file: r.id, to: r.to, subject: r.subject, date: r.createdAt.toUTCString(), status: r.status }));
}

const addressOf = (to: string) => to.trim().toLowerCase().replace(/^.*<([^>]+)>$/, '$1');

/**
 * Invitation and password-reset links (every secret link) open the account they were sent for:
 * in mail addressed to anyone but the viewer they are hidden, in the subject as in the body.
 * Mail to several addresses is not the viewer's alone, so it is hidden too.
 */
export function hideOthersSecretLinks(mails: StoredMail[], viewerEmail: string): StoredMail[] {
  const me = viewerEmail.trim().toLowerCase();
  return mails.map((m) =>
    addressOf(m.to) === me
      ? m
      : { ...m, subject: hideSecretLinks(m.subject), ...(m.text === undefined ? {} : { text: hideSecretLinks(m.text) }) },
  );
}

/**
 * The development mailbox (SMTP_URL unset, not production) is open to anyone by design, so it
 * must never hold a real person's mail; it is the only view that shows bodies.
 */
export function isDevelopmentMailbox(): boolean {
  return !config.smtpUrl && !config.isProduction;
}

export type MailboxViewer = { orgId: string; email: string };
export type Mailbox = { source: 'files' | 'outbox'; bodies: boolean; mails: StoredMail[] };

/**
 * What /dev/mailbox lists. Development: every mail file with its body. Otherwise, for an admin
 * (`viewer`, checked by the page): their organization's mail as metadata only (to, subject,
 * date, status). A body holds links meant only for its recipient, and an admin who could read
 * an owner's invitation or reset link could take that account over.
 */
export async function readMailbox(viewer: MailboxViewer | null): Promise<Mailbox> {
  if (isDevelopmentMailbox()) return { source: 'files', bodies: true, mails: await listStoredMail() };
  const source = config.smtpUrl ? 'outbox' : 'files';
  if (!viewer) return { source, bodies: false, mails: [] };
  const mails = source === 'outbox' ? await listOutboxMail(viewer.orgId) : await listStoredMail(100, viewer.orgId);
  const metadata = (m: StoredMail): StoredMail => ({ file: m.file, to: m.to, subject: m.subject, date: m.date, ...(m.status ? { status: m.status } : {}) });
  return { source, bodies: false, mails: hideOthersSecretLinks(mails, viewer.email).map(metadata) };
}
