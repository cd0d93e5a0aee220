import 'server-only';

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq, inArray, lte, or } from 'drizzle-orm';

import { getDb } from '@/db';
import { mailOutbox } from '@/db/schema';

import type { CurrentUser } from '../auth/current';
import { config } from '../config';
import { hideSecretLinks } from '../http/secret-links';
import { inSession, mfaSetupEnforced } from '../security/mfa-requirement';
import { parseEml } from './eml';
import { attentionOf, DELAY_WARNING_MS, type MailAttention } from './outbox';
import { openInvitationIds } from './retry';

/** One mail as the mailbox lists it; `text` (the body) only where bodies may be shown. */
export type StoredMail = {
  file: string;
  to: string;
  subject: string;
  date: string;
  text?: string;
  status?: string;
  /** The rest come from the outbox only. */
  outboxId?: string;
  attention?: MailAttention;
  /** A failed or delayed mail an admin may put back ("Retry"): not one carrying a dead invitation link. */
  retryable?: boolean;
  attempts?: number;
  lastError?: string;
  nextAttempt?: string;
};

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
      ? new Set(
          (
            await db
              .select({ id: mailOutbox.id })
              .from(mailOutbox)
              .where(and(eq(mailOutbox.orgId, orgId), inArray(mailOutbox.id, ids)))
          ).map((r) => r.id),
        )
      : new Set<string>();
    names = names.filter((n) => mine.has(outboxIdOf(n) ?? ''));
  }
  return Promise.all(
    names
      .slice(0, limit)
      .map(async (file) => ({ file, ...parseEml(await readFile(path.join(config.mailDir, file), 'utf8')) })),
  );
}

type OutboxRow = Pick<
  typeof mailOutbox.$inferSelect,
  'id' | 'to' | 'subject' | 'status' | 'createdAt' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'invitationId'
>;

const outboxColumns = {
  id: mailOutbox.id,
  to: mailOutbox.to,
  subject: mailOutbox.subject,
  status: mailOutbox.status,
  createdAt: mailOutbox.createdAt,
  attempts: mailOutbox.attempts,
  lastError: mailOutbox.lastError,
  nextAttemptAt: mailOutbox.nextAttemptAt,
  invitationId: mailOutbox.invitationId,
};

async function toStoredMail(orgId: string, rows: OutboxRow[], now: number): Promise<StoredMail[]> {
  const stuck = rows.filter((r) => attentionOf(r, now));
  const open = await openInvitationIds(
    await getDb(),
    orgId,
    stuck.flatMap((r) => (r.invitationId ? [r.invitationId] : [])),
  );
  return rows.map((r) => {
    const attention = attentionOf(r, now);
    const base: StoredMail = {
      file: r.id,
      outboxId: r.id,
      to: r.to,
      subject: r.subject,
      date: r.createdAt.toUTCString(),
      status: r.status,
    };
    if (!attention) return base;
    return {
      ...base,
      attention,
      retryable: !r.invitationId || open.has(r.invitationId),
      attempts: r.attempts,
      ...(r.lastError ? { lastError: r.lastError } : {}),
      ...(attention === 'delayed' ? { nextAttempt: r.nextAttemptAt.toUTCString() } : {}),
    };
  });
}

/**
 * The organization's failed mail and mail still undelivered past DELAY_WARNING, newest first.
 * Listed ahead of everything else, so an old failure is not pushed out of the list by newer mail.
 */
export async function listStuckOutboxMail(orgId: string, limit = 100, now = Date.now()): Promise<StoredMail[]> {
  const db = await getDb();
  const rows = await db
    .select(outboxColumns)
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.orgId, orgId),
        or(
          eq(mailOutbox.status, 'failed'),
          and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.createdAt, new Date(now - DELAY_WARNING_MS))),
        ),
      ),
    )
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
  return toStoredMail(orgId, rows, now);
}

/**
 * With SMTP_URL set nothing is written to files: the organization's queued and sent mail comes
 * from the outbox instead, with its delivery status: failed and delayed mail first, then the rest,
 * newest first. Metadata only: this view is never the development mailbox, so bodies are not even read.
 */
export async function listOutboxMail(orgId: string, limit = 100): Promise<StoredMail[]> {
  const db = await getDb();
  const now = Date.now();
  const stuck = await listStuckOutboxMail(orgId, limit, now);
  const rows = await db
    .select(outboxColumns)
    .from(mailOutbox)
    .where(eq(mailOutbox.orgId, orgId))
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
  const listed = new Set(stuck.map((m) => m.outboxId));
  return [
    ...stuck,
    ...(await toStoredMail(
      orgId,
      rows.filter((r) => !listed.has(r.id)),
      now,
    )),
  ];
}

const addressOf = (to: string) =>
  to
    .trim()
    .toLowerCase()
    .replace(/^.*<([^>]+)>$/, '$1');

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
      : {
          ...m,
          subject: hideSecretLinks(m.subject),
          ...(m.text === undefined ? {} : { text: hideSecretLinks(m.text) }),
        },
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
 * Who may see their organization's mailbox outside development, and retry its mail: owners and
 * admins past two-factor (and set up for it when the organization requires it).
 */
export function mailboxViewerOf(current: CurrentUser | null): MailboxViewer | null {
  if (!current || current.session.mfaPending) return null;
  if (current.user.role !== 'owner' && current.user.role !== 'admin') return null;
  if (mfaSetupEnforced(current.org, inSession(current))) return null;
  return { orgId: current.org.id, email: current.user.email };
}

/** What leaves the server outside development: never a body, and no secret link in an error either. */
function metadata(m: StoredMail): StoredMail {
  const { file, to, subject, date, status, outboxId, attention, retryable, attempts, lastError, nextAttempt } = m;
  return {
    file,
    to,
    subject,
    date,
    ...(status ? { status } : {}),
    ...(outboxId ? { outboxId } : {}),
    ...(attention ? { attention, retryable: retryable === true, attempts, nextAttempt } : {}),
    ...(attention && lastError ? { lastError: hideSecretLinks(lastError) } : {}),
  };
}

/**
 * What /dev/mailbox lists. Development: every mail file with its body. Otherwise, for an admin
 * (`viewer`, checked by the page): their organization's mail as metadata only (to, subject,
 * date, status), failed and delayed mail first. A body holds links meant only for its recipient,
 * and an admin who could read an owner's invitation or reset link could take that account over.
 * Without SMTP the files hold only mail that went out, so the outbox adds what did not.
 */
export async function readMailbox(viewer: MailboxViewer | null): Promise<Mailbox> {
  if (isDevelopmentMailbox()) return { source: 'files', bodies: true, mails: await listStoredMail() };
  const source = config.smtpUrl ? 'outbox' : 'files';
  if (!viewer) return { source, bodies: false, mails: [] };
  let mails: StoredMail[];
  if (source === 'outbox') mails = await listOutboxMail(viewer.orgId);
  else {
    const stuck = await listStuckOutboxMail(viewer.orgId);
    const listed = new Set(stuck.map((m) => m.outboxId));
    mails = [
      ...stuck,
      ...(await listStoredMail(100, viewer.orgId)).filter((m) => !listed.has(outboxIdOf(m.file) ?? undefined)),
    ];
  }
  return { source, bodies: false, mails: hideOthersSecretLinks(mails, viewer.email).map(metadata) };
}
