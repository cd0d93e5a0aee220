import 'server-only';

import { eq } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { orgMailServers, type MailSecurity } from '@/db/schema';

import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import {
  checkedSmtpOptions,
  isInternalMailServer,
  mailTestFailure,
  TEST_TIMEOUT_MS,
  verifySmtp,
  type MailConnection,
  type MailTestFailure,
} from '../mail/connection-test';
import { smtpServerTransport, type MailTransport } from '../mail/transport';
import { decryptSecret, encryptSecret } from '../security/secret-box';
import type { OrgActor } from './actor';
import type { MailServerInput } from './mail-server-schema';

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'> | undefined;

/** The secret box's purpose: a sealed mail password opens nowhere else. */
const PASSWORD_PURPOSE = 'org-mail-password';

export { mailTestFailure, TEST_TIMEOUT_MS, type MailTestFailure };

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
type Connection = MailConnection;

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

export type SaveMailServerResult = { ok: true; changed: boolean } | { ok: false; error: 'internal' };

/**
 * Stores the organization's server, the password sealed. A changed connection clears "tested",
 * which only "Test connection" sets again; an empty password field keeps the stored password.
 * A host on an internal network (not listed in MAIL_INTERNAL_HOSTS) is refused; one not found (or
 * whose lookup does not answer in time) is stored, since a name may be set up in DNS only later.
 */
export async function saveMailServer(
  db: Db,
  actor: OrgActor,
  input: MailServerInput,
  meta?: Meta,
): Promise<SaveMailServerResult> {
  if (await isInternalMailServer(input.host)) return { ok: false, error: 'internal' };
  return db.transaction(async (tx): Promise<SaveMailServerResult> => {
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

export type TestMailServerResult = { ok: true; verified: boolean } | { ok: false; error: MailTestFailure };

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
  const failure = await verifySmtp(connection);
  if (failure) return { ok: false, error: failure };
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
  return smtpServerTransport(await checkedSmtpOptions(storedConnection(row)), from);
}
