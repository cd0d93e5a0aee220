import 'server-only';

import { createHash } from 'node:crypto';
import { and, asc, count, eq, gt, isNull, or, sql } from 'drizzle-orm';

import type { Executor } from '@/db';
import {
  apiTokens,
  auditLog,
  backupCodes,
  files,
  groupMembers,
  groups,
  linkedAccounts,
  notifications,
  organizations,
  passkeys,
  pushSubscriptions,
  reminders,
  sessions,
  userMailboxes,
  userPgpKeys,
  users,
} from '@/db/schema';

import { loadCustomRoleGrants, loadPermissionSet } from '../auth/authorize';
import { MANAGED_ROLES, PERMISSIONS } from '../auth/permissions';
import { NOTIFICATION_EVENTS } from '../notifications/events';
import { notificationOptions } from '../notifications/options';
import { resolveChannel } from '../notifications/resolve';

/**
 * What the export holds about one person, read with explicit column lists only: a column is in
 * the export because it is named here. Secrets (password, PIN and backup code hashes, the
 * two-factor secret, token hashes, session ids, sealed passwords, push keys) are never selected.
 * See docs/data-export.md for every field.
 */

export type Person = { id: string; orgId: string };

/** Rows per query for the long lists (audit entries, notifications). */
export const LIST_BATCH = 500;

const iso = (at: Date | null | undefined): string | null => (at ? at.toISOString() : null);

/** A session's reference kept with the task: not its id, so the id is never stored or exported. */
export const sessionRef = (sessionId: string): string =>
  createHash('sha256').update(`data-export:${sessionId}`).digest('hex').slice(0, 32);

/** profile.json, and the photo as stored here (bytes) or outside (a URL). */
export async function readProfile(db: Executor, person: Person) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      displayName: users.displayName,
      username: users.username,
      jobTitle: users.jobTitle,
      phone: users.phone,
      dateOfBirth: users.dateOfBirth,
      contacts: users.contacts,
      role: users.role,
      status: users.status,
      photoFileId: users.photoFileId,
      organization: organizations.name,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.id, person.id), eq(users.orgId, person.orgId)));
  if (!row) return null;
  const photo = row.photoFileId ? await readPhoto(db, person, row.photoFileId) : null;
  const { createdAt, updatedAt } = row;
  return {
    json: {
      id: row.id,
      email: row.email,
      firstName: row.firstName,
      lastName: row.lastName,
      displayName: row.displayName,
      username: row.username,
      jobTitle: row.jobTitle,
      phone: row.phone,
      dateOfBirth: row.dateOfBirth,
      contacts: row.contacts,
      role: row.role,
      status: row.status,
      organization: row.organization,
      photo: photo
        ? photo.bytes
          ? { file: photo.fileName, contentType: photo.contentType, size: photo.bytes.length }
          : { url: photo.url, contentType: photo.contentType }
        : null,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
    },
    photo: photo?.bytes ? { name: photo.fileName, bytes: photo.bytes } : null,
  };
}

const PHOTO_EXTENSIONS: Record<string, string> = {
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/avif': 'avif',
};

async function readPhoto(db: Executor, person: Person, fileId: string) {
  const [file] = await db
    .select({ contentType: files.contentType, data: files.data, url: files.url })
    .from(files)
    .where(and(eq(files.id, fileId), eq(files.orgId, person.orgId)));
  if (!file) return null;
  const extension = PHOTO_EXTENSIONS[file.contentType] ?? 'bin';
  return {
    contentType: file.contentType,
    bytes: file.data ? new Uint8Array(file.data) : null,
    url: file.data ? null : file.url,
    fileName: `photo.${extension}`,
  };
}

/** The organization's notification switches, which decide some channels before the person's own. */
async function orgPolicy(db: Executor, orgId: string) {
  const [org] = await db
    .select({
      notificationsEnabled: organizations.notificationsEnabled,
      notificationEvents: organizations.notificationEvents,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return org ?? { notificationsEnabled: true, notificationEvents: {} };
}

async function settingsRow(db: Executor, person: Person) {
  const [row] = await db
    .select({
      theme: users.theme,
      animations: users.animations,
      dashboardDefaults: users.dashboardDefaults,
      devices: users.devices,
      locale: users.locale,
      timeZone: users.timeZone,
      availability: users.availability,
      awayFrom: users.awayFrom,
      awayUntil: users.awayUntil,
      delegateUserId: users.delegateUserId,
      notificationPrefs: users.notificationPrefs,
      notificationOptions: users.notificationOptions,
    })
    .from(users)
    .where(and(eq(users.id, person.id), eq(users.orgId, person.orgId)));
  return row ?? null;
}

/** Each event's channels as they apply to the person now (their switch, the default or the organization's rule). */
async function notificationSettings(
  db: Executor,
  person: Person,
  row: NonNullable<Awaited<ReturnType<typeof settingsRow>>>,
) {
  const policy = await orgPolicy(db, person.orgId);
  return {
    options: notificationOptions(row.notificationOptions),
    events: NOTIFICATION_EVENTS.map((event) => ({
      event: event.key,
      channels: Object.fromEntries(
        event.channels.map((channel) => {
          const setting = resolveChannel(policy, row.notificationPrefs, event, channel);
          return [channel, { on: setting.on, lockedBy: setting.lock }];
        }),
      ),
    })),
    ownSwitches: row.notificationPrefs,
  };
}

/** preferences.json: general, regional, availability (with the approval delegate) and notification settings. */
export async function readPreferences(db: Executor, person: Person) {
  const row = await settingsRow(db, person);
  if (!row) return null;
  let delegate: { id: string; name: string } | null = null;
  if (row.delegateUserId) {
    // The delegate's name as the availability page shows it; nothing else of theirs.
    const [other] = await db
      .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
      .from(users)
      .where(and(eq(users.id, row.delegateUserId), eq(users.orgId, person.orgId)));
    if (other) delegate = { id: other.id, name: `${other.firstName} ${other.lastName}`.trim() };
  }
  return {
    general: {
      theme: row.theme,
      animations: row.animations,
      dashboardDefaults: row.dashboardDefaults,
      devices: row.devices,
    },
    regional: { language: row.locale, timeZone: row.timeZone },
    availability: {
      status: row.availability,
      awayFrom: iso(row.awayFrom),
      awayUntil: iso(row.awayUntil),
      approvalDelegate: delegate,
    },
    notifications: await notificationSettings(db, person, row),
  };
}

/** groups.json: the person's groups, and their roles with the permissions each gives them. */
export async function readGroupsAndRoles(db: Executor, person: Person) {
  const [user] = await db
    .select({ role: users.role })
    .from(users)
    .where(and(eq(users.id, person.id), eq(users.orgId, person.orgId)));
  const memberships = await db
    .select({
      id: groups.id,
      name: groups.name,
      type: groups.type,
      visibility: groups.visibility,
      description: groups.description,
      memberSince: groupMembers.addedAt,
    })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(
      and(eq(groupMembers.userId, person.id), eq(groupMembers.orgId, person.orgId), eq(groups.orgId, person.orgId)),
    )
    .orderBy(asc(groups.name));
  const role = user?.role ?? 'member';
  const grants = await loadCustomRoleGrants(db, person);
  const held = await loadPermissionSet(db, { ...person, role });
  return {
    groups: memberships.map((g) => ({ ...g, memberSince: iso(g.memberSince) })),
    organizationRole: { role, permissions: [...(MANAGED_ROLES[role]?.permissions ?? [])] },
    customRoles: grants.map((grant) => ({
      id: grant.roleId,
      name: grant.roleName,
      description: grant.roleDescription ?? '',
      permissions: grant.permissions,
      assigned: grant.group ? { viaGroup: grant.group } : 'directly',
    })),
    effectivePermissions: PERMISSIONS.filter((p) => held.has(p)),
  };
}

/** sessions.json: each signed-in browser, without the session's id. */
export async function readSessions(db: Executor, person: Person, currentRef: string | null) {
  const rows = await db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, person.id), eq(sessions.orgId, person.orgId)))
    .orderBy(asc(sessions.createdAt));
  return rows.map(({ id, ...session }) => ({
    createdAt: iso(session.createdAt),
    lastSeenAt: iso(session.lastSeenAt),
    expiresAt: iso(session.expiresAt),
    ip: session.ip,
    userAgent: session.userAgent,
    current: currentRef !== null && sessionRef(id) === currentRef,
  }));
}

/** notifications.json's head: settings, browsers that receive push, and pending reminders. */
export async function readNotificationHead(db: Executor, person: Person) {
  const row = await settingsRow(db, person);
  const [push, due] = await Promise.all([
    db
      .select({
        deviceName: pushSubscriptions.deviceName,
        createdAt: pushSubscriptions.createdAt,
        lastSuccessAt: pushSubscriptions.lastSuccessAt,
      })
      .from(pushSubscriptions)
      .where(and(eq(pushSubscriptions.userId, person.id), eq(pushSubscriptions.orgId, person.orgId))),
    db
      .select({
        kind: reminders.kind,
        title: reminders.title,
        url: reminders.url,
        dueAt: reminders.dueAt,
        leadMinutes: reminders.leadMinutes,
        sendAt: reminders.sendAt,
        sentAt: reminders.sentAt,
      })
      .from(reminders)
      .where(and(eq(reminders.userId, person.id), eq(reminders.orgId, person.orgId)))
      .orderBy(asc(reminders.dueAt)),
  ]);
  return {
    settings: row ? await notificationSettings(db, person, row) : null,
    pushBrowsers: push.map((p) => ({
      deviceName: p.deviceName,
      createdAt: iso(p.createdAt),
      lastSuccessAt: iso(p.lastSuccessAt),
    })),
    reminders: due.map((r) => ({
      ...r,
      dueAt: iso(r.dueAt),
      sendAt: iso(r.sendAt),
      sentAt: iso(r.sentAt),
    })),
  };
}

/** The person's in-app notifications, oldest first, a batch at a time. */
export async function* inAppNotifications(db: Executor, person: Person) {
  for (let after = ''; ;) {
    const rows = await db
      .select({
        id: notifications.id,
        event: notifications.event,
        title: notifications.title,
        body: notifications.body,
        url: notifications.url,
        readAt: notifications.readAt,
        createdAt: notifications.createdAt,
      })
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, person.id),
          eq(notifications.orgId, person.orgId),
          eq(notifications.inApp, true),
          after ? gt(notifications.id, after) : undefined,
        ),
      )
      .orderBy(asc(notifications.id))
      .limit(LIST_BATCH);
    if (!rows.length) return;
    after = rows[rows.length - 1].id;
    yield rows.map((n) => ({ ...n, readAt: iso(n.readAt), createdAt: iso(n.createdAt) }));
    if (rows.length < LIST_BATCH) return;
  }
}

/**
 * Audit entries where the person acted or was the one acted on, oldest first. Where someone else
 * acted on them, that person's address and browser are left out (their private data).
 */
export async function* auditEntries(db: Executor, person: Person) {
  const aboutPerson = and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, person.id));
  for (let after = 0; ;) {
    const rows = await db
      .select({
        id: auditLog.id,
        createdAt: auditLog.createdAt,
        actorUserId: auditLog.actorUserId,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        ip: auditLog.ip,
        userAgent: auditLog.userAgent,
        data: auditLog.data,
      })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.orgId, person.orgId),
          or(eq(auditLog.actorUserId, person.id), aboutPerson),
          gt(auditLog.id, after),
        ),
      )
      .orderBy(asc(auditLog.id))
      .limit(LIST_BATCH);
    if (!rows.length) return;
    after = rows[rows.length - 1].id;
    yield rows.map((e) => {
      const byPerson = e.actorUserId === person.id;
      return {
        id: e.id,
        time: iso(e.createdAt),
        action: e.action,
        you: byPerson ? (e.targetType === 'user' && e.targetId === person.id ? 'actorAndTarget' : 'actor') : 'target',
        actorUserId: e.actorUserId,
        targetType: e.targetType,
        targetId: e.targetId,
        ip: byPerson ? e.ip : null,
        userAgent: byPerson ? e.userAgent : null,
        data: e.data,
      };
    });
    if (rows.length < LIST_BATCH) return;
  }
}

/** tokens.json: each API token's description, never its hash. */
export async function readTokens(db: Executor, person: Person) {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      lastUsedIp: apiTokens.lastUsedIp,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, person.id), eq(apiTokens.orgId, person.orgId)))
    .orderBy(asc(apiTokens.createdAt));
  return rows.map((t) => ({
    ...t,
    createdAt: iso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  }));
}

/** security.json: how the person signs in (facts, not secrets), passkeys and the encryption key. */
export async function readSecurity(db: Executor, person: Person) {
  const [facts] = await db
    .select({
      passwordSet: sql<boolean>`${users.passwordHash} is not null`,
      passwordChangedAt: users.passwordChangedAt,
      twoFactorEnabled: users.mfaEnabled,
      pinSet: sql<boolean>`${users.pinHash} is not null`,
      pinLockedAt: users.pinLockedAt,
    })
    .from(users)
    .where(and(eq(users.id, person.id), eq(users.orgId, person.orgId)));
  const [[codes], keys, key] = await Promise.all([
    db
      .select({ left: count() })
      .from(backupCodes)
      .where(and(eq(backupCodes.userId, person.id), eq(backupCodes.orgId, person.orgId), isNull(backupCodes.usedAt))),
    db
      .select({
        name: passkeys.name,
        createdAt: passkeys.createdAt,
        lastUsedAt: passkeys.lastUsedAt,
        deviceType: passkeys.deviceType,
        backedUp: passkeys.backedUp,
        transports: passkeys.transports,
      })
      .from(passkeys)
      .where(and(eq(passkeys.userId, person.id), eq(passkeys.orgId, person.orgId)))
      .orderBy(asc(passkeys.createdAt)),
    db
      .select({
        fingerprint: userPgpKeys.fingerprint,
        algorithm: userPgpKeys.algorithm,
        userIds: userPgpKeys.userIds,
        emails: userPgpKeys.emails,
        keyCreatedAt: userPgpKeys.keyCreatedAt,
        expiresAt: userPgpKeys.expiresAt,
        addedAt: userPgpKeys.createdAt,
        publicKey: userPgpKeys.armored,
      })
      .from(userPgpKeys)
      .where(and(eq(userPgpKeys.userId, person.id), eq(userPgpKeys.orgId, person.orgId))),
  ]);
  return {
    signIn: facts
      ? {
          passwordSet: facts.passwordSet,
          passwordChangedAt: iso(facts.passwordChangedAt),
          twoFactorEnabled: facts.twoFactorEnabled,
          backupCodesLeft: facts.twoFactorEnabled ? Number(codes?.left ?? 0) : 0,
          phonePinSet: facts.pinSet,
          phonePinLockedAt: iso(facts.pinLockedAt),
        }
      : null,
    passkeys: keys.map((k) => ({ ...k, createdAt: iso(k.createdAt), lastUsedAt: iso(k.lastUsedAt) })),
    encryptionKey: key[0]
      ? {
          ...key[0],
          keyCreatedAt: iso(key[0].keyCreatedAt),
          expiresAt: iso(key[0].expiresAt),
          addedAt: iso(key[0].addedAt),
        }
      : null,
  };
}

/** connections.json: the linked sign-in account and the connected mailbox (never its password). */
export async function readConnections(db: Executor, person: Person) {
  const [[linked], [mailbox]] = await Promise.all([
    db
      .select({
        issuer: linkedAccounts.issuer,
        subject: linkedAccounts.subject,
        email: linkedAccounts.email,
        linkedAt: linkedAccounts.createdAt,
        lastUsedAt: linkedAccounts.lastUsedAt,
      })
      .from(linkedAccounts)
      .where(and(eq(linkedAccounts.userId, person.id), eq(linkedAccounts.orgId, person.orgId))),
    db
      .select({
        preset: userMailboxes.preset,
        address: userMailboxes.address,
        imapHost: userMailboxes.imapHost,
        imapPort: userMailboxes.imapPort,
        imapSecurity: userMailboxes.imapSecurity,
        smtpHost: userMailboxes.smtpHost,
        smtpPort: userMailboxes.smtpPort,
        smtpSecurity: userMailboxes.smtpSecurity,
        username: userMailboxes.username,
        sendAs: userMailboxes.sendAs,
        verifiedAt: userMailboxes.verifiedAt,
        createdAt: userMailboxes.createdAt,
        updatedAt: userMailboxes.updatedAt,
      })
      .from(userMailboxes)
      .where(and(eq(userMailboxes.userId, person.id), eq(userMailboxes.orgId, person.orgId))),
  ]);
  return {
    linkedAccount: linked ? { ...linked, linkedAt: iso(linked.linkedAt), lastUsedAt: iso(linked.lastUsedAt) } : null,
    mailbox: mailbox
      ? {
          ...mailbox,
          verifiedAt: iso(mailbox.verifiedAt),
          createdAt: iso(mailbox.createdAt),
          updatedAt: iso(mailbox.updatedAt),
        }
      : null,
  };
}
