import { and, eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { GET as download } from '@/app/(account)/settings/background-tasks/[id]/download/route';
import { exportMyData } from '@/app/(account)/settings/data/actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import {
  apiTokens,
  auditLog,
  backupCodes,
  blobs,
  files,
  groupMembers,
  groups,
  linkedAccounts,
  mailOutbox,
  notifications,
  passkeys,
  pushSubscriptions,
  roleAssignments,
  roles,
  sessions,
  tasks,
  userMailboxes,
  users,
} from '@/db/schema';
import { readBlob } from '@/lib/files/blobs';
import { registerTaskHandlers } from '@/lib/tasks/handlers';
import { runTask } from '@/lib/tasks/runner';
import { listTasks, purgeOldFiles } from '@/lib/tasks/tasks';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

// The job engine is not started here: each test runs its task itself with runTask.
const queued = vi.hoisted(() => [] as string[]);
vi.mock('@/lib/jobs/boss', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/jobs/boss')>()),
  enqueueTask: async (taskId: string) => {
    queued.push(taskId);
  },
  kickMailQueue: async () => undefined,
}));

useTestDatabase();

const SECRETS = {
  totp: 'TOTPSECRETVALUE-7f3a9c1e',
  totpPending: 'TOTPPENDINGVALUE-0b2d4f6a',
  pinHash: '$argon2id$v=19$m=19456,t=2,p=1$UElOU0FMVA$UElOSEFTSHZBTFVFeHh4eHh4eHh4eA',
  backupCode: '$argon2id$v=19$m=19456,t=2,p=1$QkFDS1VQU0FMVA$QkFDS1VQQ09ERUhBU0h4eHh4eHh4eA',
  tokenHash: 'a3f1c0ffee0ddba11deadbeefcafe0123456789abcdef0123456789abcdef01',
  mailboxSealed: 'SEALED-MAILBOX-PASSWORD-91c2',
  pushAuth: 'PUSHAUTHSECRET-55aa',
  pushKey: 'PUSHP256DHKEY-66bb',
  pushEndpoint: 'https://push.example.test/endpoint/PUSHENDPOINT-77cc',
  passkeyPublicKey: 'PASSKEYPUBLICKEY-88dd',
  revealEnc: 'REVEALENCRYPTED-99ee',
};

let orgId: string;
let alice: { id: string; email: string; passwordHash: string | null };
let bobId: string;
let groupId: string;
let browser: TestClient;

async function signIn(email: string) {
  const client = new TestClient();
  expect((await client.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return client;
}

const press = (client: TestClient) => client.run(() => exportMyData(toFormData({})));

async function taskRow(taskId: string) {
  const [task] = await (await getDb()).select().from(tasks).where(eq(tasks.id, taskId));
  return task;
}

async function blobBytes(blobId: string): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const chunk of readBlob(await getDb(), blobId)) parts.push(chunk);
  return new Uint8Array(Buffer.concat(parts));
}

const fetchDownload = (client: TestClient, taskId: string) =>
  client.run(() =>
    download(new Request(`http://localhost:3000/settings/background-tasks/${taskId}/download`), {
      params: Promise.resolve({ id: taskId }),
    }),
  );

/** Presses "Export my data", runs the task it queued, and returns it with its archive. */
async function exportNow(client: TestClient) {
  queued.length = 0;
  const pressed = await press(client);
  expect(pressed.redirect).toBe('/settings/background-tasks');
  expect(client.flash?.key).toBe('tasks.exportStarted');
  expect(queued).toHaveLength(1);
  await runTask(await getDb(), queued[0]);
  const task = await taskRow(queued[0]);
  expect(task.status).toBe('succeeded');
  const bytes = await blobBytes(task.resultBlobId!);
  return { task, bytes, files: unzipSync(bytes) };
}

const json = (files: Record<string, Uint8Array>, name: string) => JSON.parse(strFromU8(files[name]));

/** Makes the person's exports older than a day, as if asked for yesterday. */
async function backdateExports(userId: string, hours = 25) {
  const at = new Date(Date.now() - hours * 3_600_000);
  await (
    await getDb()
  )
    .update(tasks)
    .set({ createdAt: at })
    .where(and(eq(tasks.ownerUserId, userId), eq(tasks.action, 'data.export')));
}

beforeAll(async () => {
  registerTaskHandlers();
  const db = await getDb();
  const acme = await createOrgWithUser({ orgName: 'Acme', email: 'alice@acme.test', role: 'member' });
  orgId = acme.org.id;
  bobId = (await addUser(orgId, { email: 'bob@acme.test', role: 'admin', firstName: 'Bob' })).id;
  // Signed in before two-factor is turned on below (this session passed it, as it were).
  browser = await signIn('alice@acme.test');
  const [photo] = await db
    .insert(files)
    .values({ orgId, ownerUserId: acme.user.id, contentType: 'image/webp', size: 4, data: Buffer.from('RIFF') })
    .returning();
  await db
    .update(users)
    .set({
      firstName: 'Alice',
      lastName: 'Liddell',
      jobTitle: 'Navigator',
      phone: '+49 30 1234567',
      photoFileId: photo.id,
      mfaEnabled: true,
      totpSecretEnc: SECRETS.totp,
      totpPendingEnc: SECRETS.totpPending,
      pinHash: SECRETS.pinHash,
      delegateUserId: bobId,
      timeZone: 'Europe/Berlin',
      notificationPrefs: { 'task.assigned.email': false },
    })
    .where(eq(users.id, acme.user.id));
  [alice] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, acme.user.id));

  await db.insert(backupCodes).values({ orgId, userId: alice.id, codeHash: SECRETS.backupCode });
  await db.insert(apiTokens).values({
    orgId,
    userId: alice.id,
    name: 'CI bot',
    prefix: 'rst_abcd',
    tokenHash: SECRETS.tokenHash,
    scopes: ['profile.read'],
    expiresAt: new Date(Date.now() + 30 * 86_400_000),
  });
  await db.insert(userMailboxes).values({
    userId: alice.id,
    orgId,
    address: 'alice@mail.test',
    imapHost: 'imap.mail.test',
    imapPort: 993,
    imapSecurity: 'tls',
    smtpHost: 'smtp.mail.test',
    smtpPort: 465,
    smtpSecurity: 'tls',
    username: 'alice',
    passwordSealed: SECRETS.mailboxSealed,
  });
  await db.insert(linkedAccounts).values({
    userId: alice.id,
    orgId,
    issuer: 'https://id.example.test',
    subject: 'sub-alice',
    email: 'alice@id.example.test',
  });
  await db.insert(passkeys).values({
    userId: alice.id,
    orgId,
    name: 'Laptop',
    credentialId: 'cred-alice',
    publicKey: SECRETS.passkeyPublicKey,
  });
  await db.insert(pushSubscriptions).values({
    orgId,
    userId: alice.id,
    endpoint: SECRETS.pushEndpoint,
    p256dh: SECRETS.pushKey,
    auth: SECRETS.pushAuth,
    deviceName: 'Firefox on Linux',
  });
  await db.insert(notifications).values([
    { orgId, userId: alice.id, event: 'task.assigned', title: 'Chart the course' },
    // Sent only by email: not in the activity stream, so not an in-app notification.
    { orgId, userId: alice.id, event: 'task.assigned', title: 'Email only', inApp: false },
  ]);
  const [group] = await db.insert(groups).values({ orgId, name: 'Navigation', type: 'team' }).returning();
  groupId = group.id;
  await db.insert(groupMembers).values({ orgId, groupId, userId: alice.id });
  const [role] = await db
    .insert(roles)
    .values({ orgId, name: 'Auditor', permissions: ['audit.read'] })
    .returning();
  await db.insert(roleAssignments).values({ orgId, roleId: role.id, groupId });
  // Bob acted on Alice from his own address: Alice's export names the action, not his address.
  await db.insert(auditLog).values({
    orgId,
    actorUserId: bobId,
    action: 'user.updated',
    targetType: 'user',
    targetId: alice.id,
    ip: '198.51.100.77',
    userAgent: 'BobBrowser/1.0',
    data: { fields: ['jobTitle'] },
  });

  await db.update(sessions).set({ revealEnc: SECRETS.revealEnc }).where(eq(sessions.userId, alice.id));
});

describe('the data export', () => {
  it('writes one ZIP with the person’s data, checked against the database', async () => {
    const db = await getDb();
    const { task, files: zip } = await exportNow(browser);
    expect(task.name).toMatch(/^roster-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const [blob] = await db.select().from(blobs).where(eq(blobs.id, task.resultBlobId!));
    expect(blob.contentType).toBe('application/zip');
    expect(Object.keys(zip).sort()).toEqual(
      [
        'README.txt',
        'profile.json',
        'preferences.json',
        'groups.json',
        'sessions.json',
        'notifications.json',
        'audit.json',
        'tokens.json',
        'security.json',
        'connections.json',
        'photo.webp',
      ].sort(),
    );
    expect(strFromU8(zip['README.txt'])).toContain('docs/data-export.md');
    expect(strFromU8(zip['photo.webp'])).toBe('RIFF');

    const profile = json(zip, 'profile.json');
    expect(profile).toMatchObject({
      id: alice.id,
      email: 'alice@acme.test',
      firstName: 'Alice',
      lastName: 'Liddell',
      jobTitle: 'Navigator',
      organization: 'Acme',
      photo: { file: 'photo.webp', contentType: 'image/webp', size: 4 },
    });

    const preferences = json(zip, 'preferences.json');
    expect(preferences.regional).toEqual({ language: 'en', timeZone: 'Europe/Berlin' });
    expect(preferences.availability.approvalDelegate).toEqual({ id: bobId, name: 'Bob User' });
    const assigned = preferences.notifications.events.find((e: { event: string }) => e.event === 'task.assigned');
    expect(assigned.channels.email).toEqual({ on: false, lockedBy: null });
    expect(assigned.channels.inApp).toEqual({ on: true, lockedBy: null });

    const grouped = json(zip, 'groups.json');
    expect(grouped.groups).toMatchObject([{ id: groupId, name: 'Navigation', type: 'team' }]);
    expect(grouped.customRoles).toMatchObject([
      { name: 'Auditor', permissions: ['audit.read'], assigned: { viaGroup: { id: groupId, name: 'Navigation' } } },
    ]);
    expect(grouped.effectivePermissions).toContain('audit.read');
    expect(grouped.organizationRole.role).toBe('member');

    const sessionRows = await db.select().from(sessions).where(eq(sessions.userId, alice.id));
    const exported = json(zip, 'sessions.json');
    expect(exported).toHaveLength(sessionRows.length);
    expect(exported[0]).toMatchObject({ ip: '203.0.113.10', current: true });
    expect(Object.keys(exported[0]).sort()).toEqual(
      ['createdAt', 'current', 'expiresAt', 'ip', 'lastSeenAt', 'userAgent'].sort(),
    );

    const notes = json(zip, 'notifications.json');
    expect(notes.inApp.map((n: { title: string }) => n.title)).toEqual(['Chart the course']);
    expect(notes.pushBrowsers).toEqual([expect.objectContaining({ deviceName: 'Firefox on Linux' })]);
    expect(Object.keys(notes.pushBrowsers[0]).sort()).toEqual(['createdAt', 'deviceName', 'lastSuccessAt']);

    const entries = json(zip, 'audit.json');
    const byBob = entries.find((e: { action: string }) => e.action === 'user.updated');
    expect(byBob).toMatchObject({ you: 'target', actorUserId: bobId, ip: null, userAgent: null });
    const requested = entries.find((e: { action: string }) => e.action === 'data.export_requested');
    expect(requested).toMatchObject({ you: 'actorAndTarget', ip: '203.0.113.10', data: { taskId: task.id } });

    const tokens = json(zip, 'tokens.json');
    expect(tokens).toEqual([
      expect.objectContaining({ name: 'CI bot', prefix: 'rst_abcd', scopes: ['profile.read'], revokedAt: null }),
    ]);
    expect(tokens[0]).not.toHaveProperty('tokenHash');

    const security = json(zip, 'security.json');
    expect(security.signIn).toMatchObject({
      passwordSet: true,
      twoFactorEnabled: true,
      backupCodesLeft: 1,
      phonePinSet: true,
    });
    expect(security.passkeys).toEqual([expect.objectContaining({ name: 'Laptop' })]);
    expect(security.passkeys[0]).not.toHaveProperty('publicKey');

    const connections = json(zip, 'connections.json');
    expect(connections.linkedAccount).toMatchObject({ issuer: 'https://id.example.test', subject: 'sub-alice' });
    expect(connections.mailbox).toMatchObject({ address: 'alice@mail.test', username: 'alice' });
    expect(connections.mailbox).not.toHaveProperty('passwordSealed');
  });

  it('holds no secret anywhere in the archive', async () => {
    const db = await getDb();
    await backdateExports(alice.id);
    const { bytes, files: zip } = await exportNow(browser);
    const sessionIds = (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, alice.id))).map(
      (s) => s.id,
    );
    expect(sessionIds.length).toBeGreaterThan(0);
    const secrets = [alice.passwordHash!, ...Object.values(SECRETS), ...sessionIds, STRONG_PASSWORD];
    // Every file as stored in the archive and as unpacked: a secret must be in neither.
    const haystacks = [Buffer.from(bytes).toString('latin1'), ...Object.values(zip).map((f) => strFromU8(f))];
    for (const secret of secrets) for (const text of haystacks) expect(text).not.toContain(secret);
    for (const text of haystacks) expect(text).not.toContain('$argon2');
  });

  it('queues the mail saying it is ready, in the person’s language', async () => {
    const db = await getDb();
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'alice@acme.test'));
    const ready = mails.filter((m) => m.subject === 'Your Roster data export is ready');
    expect(ready.length).toBeGreaterThan(0);
    expect(ready[0].text).toContain('/settings/background-tasks');
  });

  it('allows one export a day', async () => {
    const db = await getDb();
    await backdateExports(alice.id);
    await exportNow(browser);
    queued.length = 0;
    const again = await press(browser);
    expect(again.redirect).toBe('/settings/data');
    expect(browser.flash).toMatchObject({ status: 'error', key: 'dataExport.tooSoon' });
    // The time is in the person's zone (Berlin).
    expect(String(browser.flash?.values?.time)).toMatch(/\d/);
    expect(queued).toHaveLength(0);
    // 23 hours later: still refused; 25 hours later: allowed.
    await backdateExports(alice.id, 23);
    expect((await press(browser)).redirect).toBe('/settings/data');
    await backdateExports(alice.id, 25);
    expect((await press(browser)).redirect).toBe('/settings/background-tasks');
    expect(queued).toHaveLength(1);
    // A failed export does not count.
    await db.update(tasks).set({ status: 'failed' }).where(eq(tasks.id, queued[0]));
    expect((await press(browser)).redirect).toBe('/settings/background-tasks');
  });

  it('lets only its owner download it, for seven days', async () => {
    const db = await getDb();
    await backdateExports(alice.id);
    const { task } = await exportNow(browser);
    const own = await fetchDownload(browser, task.id);
    expect(own.result?.status).toBe(200);
    expect(own.result?.headers.get('content-type')).toBe('application/zip');
    expect(unzipSync(new Uint8Array(await own.result!.arrayBuffer()))['profile.json']).toBeDefined();

    // Not even an admin of the organization.
    const bob = await signIn('bob@acme.test');
    expect((await fetchDownload(bob, task.id)).result?.status).toBe(404);

    // Eight days after it was made: listed as expired, no download, and the file is purged.
    await db
      .update(tasks)
      .set({ finishedAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(tasks.id, task.id));
    const listed = (await listTasks(db, { id: alice.id, orgId })).items.find((t) => t.id === task.id);
    expect(listed).toMatchObject({ expired: true, result: null });
    expect((await fetchDownload(browser, task.id)).result?.status).toBe(404);
    await purgeOldFiles(db);
    expect(await db.select().from(blobs).where(eq(blobs.id, task.resultBlobId!))).toEqual([]);
    // Other exports of hers, younger than seven days, keep their files.
    const younger = (await listTasks(db, { id: alice.id, orgId })).items.filter(
      (t) => t.action === 'data.export' && t.status === 'succeeded' && t.id !== task.id,
    );
    expect(younger.length).toBeGreaterThan(0);
    expect(younger.every((t) => t.result?.kind === 'file')).toBe(true);
  });
});
