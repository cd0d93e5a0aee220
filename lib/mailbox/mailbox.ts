import 'server-only';

import { eq } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { userMailboxes, type MailboxPreset, type MailSecurity } from '@/db/schema';

import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import { verifyImap, verifySmtp, type MailConnection, type MailTestFailure } from '../mail/connection-test';
import { decryptSecret, encryptSecret } from '../security/secret-box';
import type { MailboxInput } from './schema';

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'> | undefined;
/** Whose mailbox: always the signed-in user, in their organization. */
export type MailboxOwner = { id: string; orgId: string };

/** The secret box's purpose: a sealed mailbox password opens nowhere else. */
export const MAILBOX_PASSWORD_PURPOSE = 'user-mailbox-password';

type Endpoint = { host: string; port: number; security: MailSecurity };

/** What the page shows: everything but the password, of which only whether one is stored. */
export type MailboxView = {
  preset: MailboxPreset;
  address: string;
  imap: Endpoint;
  smtp: Endpoint;
  username: string;
  hasPassword: boolean;
  sendAs: boolean;
  verifiedAt: Date | null;
};

type MailboxRow = typeof userMailboxes.$inferSelect;

async function storedMailbox(db: Executor, userId: string): Promise<MailboxRow | null> {
  const [row] = await db.select().from(userMailboxes).where(eq(userMailboxes.userId, userId));
  return row ?? null;
}

export async function getMailbox(db: Executor, userId: string): Promise<MailboxView | null> {
  const row = await storedMailbox(db, userId);
  if (!row) return null;
  return {
    preset: row.preset,
    address: row.address,
    imap: { host: row.imapHost, port: row.imapPort, security: row.imapSecurity },
    smtp: { host: row.smtpHost, port: row.smtpPort, security: row.smtpSecurity },
    username: row.username,
    hasPassword: Boolean(row.passwordSealed),
    sendAs: row.sendAs,
    verifiedAt: row.verifiedAt,
  };
}

/** How each server answered "Test connection": signed in, or why not. */
export type ProtocolOutcome = 'ok' | MailTestFailure;
export type MailboxTestResults = { imap: ProtocolOutcome; smtp: ProtocolOutcome };

/** The form is missing the password: none is stored, or the stored one was for other servers. */
export type MailboxPasswordProblem = 'passwordRequired' | 'passwordForNewServer';

export type TestMailboxResult =
  { ok: true; passed: boolean; results: MailboxTestResults } | { ok: false; error: MailboxPasswordProblem };

export type SaveMailboxResult = TestMailboxResult & { created?: boolean };

const sameHost = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The password to sign in with: the one typed, else the stored one, but only for the servers and
 * username it was stored for, so the saved password is never sent anywhere new.
 */
function passwordFor(
  input: MailboxInput,
  row: MailboxRow | null,
): { password: string } | { error: MailboxPasswordProblem } {
  if (input.password) return { password: input.password };
  if (!row) return { error: 'passwordRequired' };
  const sameServers =
    sameHost(row.imapHost, input.imap.host) &&
    sameHost(row.smtpHost, input.smtp.host) &&
    row.username === input.username;
  if (!sameServers) return { error: 'passwordForNewServer' };
  try {
    return { password: decryptSecret(row.passwordSealed, MAILBOX_PASSWORD_PURPOSE) };
  } catch {
    // Sealed under another AUTH_SECRET: it cannot be used, a typed one still can.
    return { error: 'passwordRequired' };
  }
}

const connectionOf = (side: Endpoint, input: MailboxInput, password: string): MailConnection => ({
  ...side,
  username: input.username,
  password,
});

/** Both servers at once, each within the test's time limit: the whole test answers within it too. */
async function testBoth(input: MailboxInput, password: string): Promise<MailboxTestResults> {
  const [imap, smtp] = await Promise.all([
    verifyImap(connectionOf(input.imap, input, password)),
    verifySmtp(connectionOf(input.smtp, input, password)),
  ]);
  return { imap: imap ?? 'ok', smtp: smtp ?? 'ok' };
}

/** "Test connection": signs in to the IMAP and the SMTP server with the form's values; stores nothing. */
export async function testMailbox(db: Db, owner: MailboxOwner, input: MailboxInput): Promise<TestMailboxResult> {
  const resolved = passwordFor(input, await storedMailbox(db, owner.id));
  if ('error' in resolved) return { ok: false, error: resolved.error };
  const results = await testBoth(input, resolved.password);
  return { ok: true, passed: results.imap === 'ok' && results.smtp === 'ok', results };
}

/**
 * "Save mailbox": tests both servers first and stores nothing unless both signed in; then stores
 * the settings, the password sealed, as tested now. `sendAs` holds only where the organization
 * allows sending through personal mailboxes.
 */
export async function saveMailbox(
  db: Db,
  owner: MailboxOwner,
  input: MailboxInput,
  options: { sendingAllowed: boolean; meta?: Meta },
): Promise<SaveMailboxResult> {
  const before = await storedMailbox(db, owner.id);
  const resolved = passwordFor(input, before);
  if ('error' in resolved) return { ok: false, error: resolved.error };
  const results = await testBoth(input, resolved.password);
  if (results.imap !== 'ok' || results.smtp !== 'ok') return { ok: true, passed: false, results };
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(userMailboxes).where(eq(userMailboxes.userId, owner.id)).for('update');
    const next = {
      preset: input.preset,
      address: input.address,
      imapHost: input.imap.host,
      imapPort: input.imap.port,
      imapSecurity: input.imap.security,
      smtpHost: input.smtp.host,
      smtpPort: input.smtp.port,
      smtpSecurity: input.smtp.security,
      username: input.username,
      sendAs: options.sendingAllowed && input.sendAs,
    };
    const passwordChanged = !row || Boolean(input.password && input.password !== resolvedStored(row));
    const passwordSealed = encryptSecret(resolved.password, MAILBOX_PASSWORD_PURPOSE);
    const verifiedAt = new Date();
    await tx
      .insert(userMailboxes)
      .values({ userId: owner.id, orgId: owner.orgId, ...next, passwordSealed, verifiedAt })
      .onConflictDoUpdate({
        target: userMailboxes.userId,
        set: { ...next, orgId: owner.orgId, passwordSealed, verifiedAt, updatedAt: verifiedAt },
      });
    await audit(tx, {
      orgId: owner.orgId,
      actorUserId: owner.id,
      action: 'connections.mailbox_saved',
      targetType: 'user',
      targetId: owner.id,
      // Whether the password changed, never the password.
      data: { ...next, passwordChanged, created: !row },
      meta: options.meta,
    });
    return { ok: true, passed: true, results, created: !row };
  });
}

function resolvedStored(row: MailboxRow): string | null {
  try {
    return decryptSecret(row.passwordSealed, MAILBOX_PASSWORD_PURPOSE);
  } catch {
    return null;
  }
}

/** "Disconnect mailbox": the settings and the sealed password are deleted. */
export async function removeMailbox(db: Db, owner: MailboxOwner, meta?: Meta): Promise<{ removed: boolean }> {
  return db.transaction(async (tx) => {
    const removed = await tx.delete(userMailboxes).where(eq(userMailboxes.userId, owner.id)).returning({
      address: userMailboxes.address,
      imapHost: userMailboxes.imapHost,
      smtpHost: userMailboxes.smtpHost,
    });
    if (!removed.length) return { removed: false };
    await audit(tx, {
      orgId: owner.orgId,
      actorUserId: owner.id,
      action: 'connections.mailbox_removed',
      targetType: 'user',
      targetId: owner.id,
      data: removed[0],
      meta,
    });
    return { removed: true };
  });
}
