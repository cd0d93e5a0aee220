import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { exportAuditLog, exportGroupMembers, exportUsers } from '@/app/(org)/org-settings/export-actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, blobs, groupMembers, groups, tasks, users, type TaskAction } from '@/db/schema';
import { USERS_EXPORT_BATCH } from '@/lib/exports/users';
import { BlobWriter, readBlob } from '@/lib/files/blobs';
import { registerTaskHandlers } from '@/lib/tasks/handlers';
import { runTask } from '@/lib/tasks/runner';
import { insertTask } from '@/lib/tasks/tasks';

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
}));

useTestDatabase();

let orgId: string;
let otherOrgId: string;
let groupId: string;
let otherGroupId: string;
const id = {} as Record<'owner' | 'bob' | 'carol' | 'mia' | 'other', string>;

/** RFC 4180, enough to read our own output back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function blobText(blobId: string): Promise<string> {
  const db = await getDb();
  const parts: Buffer[] = [];
  for await (const chunk of readBlob(db, blobId)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

async function taskRow(taskId: string) {
  const [task] = await (await getDb()).select().from(tasks).where(eq(tasks.id, taskId));
  return task;
}

async function blobsOf(ownerUserId: string) {
  return (await getDb()).select().from(blobs).where(eq(blobs.ownerUserId, ownerUserId));
}

/** Makes the task as the actions do, runs it to its end, and reads its file back. */
async function exportAs(
  ownerUserId: string,
  action: TaskAction,
  params: Record<string, unknown>,
  org = orgId,
): Promise<{ task: Awaited<ReturnType<typeof taskRow>>; rows: string[][]; text: string }> {
  const db = await getDb();
  const created = await insertTask(db, { orgId: org, ownerUserId, name: `${action}.csv`, action, params });
  await runTask(db, created.id);
  const task = await taskRow(created.id);
  const text = task.resultBlobId ? await blobText(task.resultBlobId) : '';
  return { task, rows: parseCsv(text), text };
}

/** A plain form post to one of the buttons' actions. */
const press = (browser: TestClient, action: (formData: FormData) => Promise<void>, fields: Record<string, string>) =>
  browser.run(() => action(toFormData(fields)));

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

beforeAll(async () => {
  registerTaskHandlers();
  const db = await getDb();
  const acme = await createOrgWithUser({ orgName: 'Acme', email: 'owner@acme.test', role: 'owner' });
  orgId = acme.org.id;
  id.owner = acme.user.id;
  id.bob = (await addUser(orgId, { email: 'bob@acme.test', firstName: 'Bob' })).id;
  id.carol = (await addUser(orgId, { email: 'carol@acme.test', firstName: 'Carol' })).id;
  id.mia = (await addUser(orgId, { email: 'mia@acme.test', firstName: 'Mia' })).id;
  // A name a spreadsheet would run as a formula.
  await db.update(users).set({ firstName: '=HYPERLINK("http://evil.test")' }).where(eq(users.id, id.carol));
  await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, id.mia));

  const other = await createOrgWithUser({ orgName: 'Umbrella', email: 'other@umbrella.test', role: 'owner' });
  otherOrgId = other.org.id;
  id.other = other.user.id;

  const [team] = await db.insert(groups).values({ orgId, name: 'Helpdesk', type: 'team' }).returning();
  groupId = team.id;
  await db.insert(groupMembers).values([
    { orgId, groupId, userId: id.bob },
    { orgId, groupId, userId: id.carol },
  ]);
  const [secret] = await db.insert(groups).values({ orgId: otherOrgId, name: 'Secret', type: 'team' }).returning();
  otherGroupId = secret.id;
  await db.insert(groupMembers).values({ orgId: otherOrgId, groupId: otherGroupId, userId: id.other });

  await db.insert(auditLog).values([
    { orgId, actorUserId: id.owner, action: 'role.created', targetType: 'role', data: { name: '@SUM(A1)' } },
    { orgId, actorUserId: id.bob, action: 'profile.updated', targetType: 'user', targetId: id.bob },
    { orgId: otherOrgId, actorUserId: id.other, action: 'role.created', data: { name: 'Umbrella secret' } },
  ]);
});

describe('users export', () => {
  it('writes every user of the organization, sorted by name, with the translated header', async () => {
    const { task, rows } = await exportAs(id.owner, 'users.export', {});
    expect(task.status).toBe('succeeded');
    expect(task.error).toBeNull();
    expect(rows[0]).toEqual([
      'User ID',
      'Email',
      'First name',
      'Last name',
      'Display name',
      'Username',
      'Role',
      'Status',
      'Groups',
      'Created (UTC)',
    ]);
    const body = rows.slice(1);
    // Ordered by "first last" like the list (where '=HYPERLINK…' goes depends on the collation).
    expect(body.map((r) => r[1]).filter((e) => e !== 'carol@acme.test')).toEqual([
      'bob@acme.test',
      'mia@acme.test',
      'owner@acme.test',
    ]);
    expect(body).toHaveLength(4);
    const carol = body.find((r) => r[1] === 'carol@acme.test')!;
    expect(carol[0]).toBe(id.carol);
    expect(carol[2]).toBe(`'=HYPERLINK("http://evil.test")`);
    expect(carol.slice(6, 9)).toEqual(['Member', 'Active', '1']);
    expect(body.find((r) => r[1] === 'mia@acme.test')![7]).toBe('Deactivated');
    expect(body.find((r) => r[1] === 'owner@acme.test')![6]).toBe('Owner');
    expect(task.total).toBe(4);
    expect(task.done).toBe(4);
    const [blob] = await (await getDb()).select().from(blobs).where(eq(blobs.id, task.resultBlobId!));
    expect(blob).toMatchObject({
      complete: true,
      ownerUserId: id.owner,
      orgId,
      contentType: 'text/csv; charset=utf-8',
    });
    expect(blob.name).toBe('users.export.csv');
  });

  it('honours the filters: search, status, group and sort', async () => {
    const emails = async (params: Record<string, string>) =>
      (await exportAs(id.owner, 'users.export', params)).rows.slice(1).map((r) => r[1]);
    expect(await emails({ q: 'bob' })).toEqual(['bob@acme.test']);
    expect(await emails({ status: 'deactivated' })).toEqual(['mia@acme.test']);
    expect(await emails({ group: groupId, sort: 'email_desc' })).toEqual(['carol@acme.test', 'bob@acme.test']);
    expect(await emails({ role: 'owner' })).toEqual(['owner@acme.test']);
    // Another organization's group is no filter at all, as on the list: it never shows who is in it.
    expect(await emails({ group: otherGroupId, sort: 'email' })).toEqual([
      'bob@acme.test',
      'carol@acme.test',
      'mia@acme.test',
      'owner@acme.test',
    ]);
  });

  it('writes the header in the owner’s language', async () => {
    const db = await getDb();
    await db.update(users).set({ locale: 'de' }).where(eq(users.id, id.owner));
    try {
      const { rows } = await exportAs(id.owner, 'users.export', { q: 'bob' });
      expect(rows[0].slice(0, 3)).toEqual(['Benutzer-ID', 'E-Mail', 'Vorname']);
      expect(rows[1].slice(6, 8)).toEqual(['Mitglied', 'Aktiv']);
    } finally {
      await db.update(users).set({ locale: 'en' }).where(eq(users.id, id.owner));
    }
  });

  it('reads a large list in keyset batches, ties broken by id, every person once', async () => {
    const db = await getDb();
    const big = await createOrgWithUser({ orgName: 'Big', email: 'admin@big.test', role: 'owner' });
    const at = new Date('2025-03-01T10:00:00.123456Z');
    const count = USERS_EXPORT_BATCH + 7;
    // The same instant for all: only the id orders them, across the batch boundary too.
    await db.insert(users).values(
      Array.from({ length: count }, (_, i) => ({
        orgId: big.org.id,
        email: `p${String(i).padStart(5, '0')}@big.test`,
        firstName: 'Same',
        lastName: 'Name',
        createdAt: at,
      })),
    );
    for (const sort of ['newest', 'name'] as const) {
      const { task, rows } = await exportAs(big.user.id, 'users.export', { sort }, big.org.id);
      expect(task.status).toBe('succeeded');
      const body = rows.slice(1);
      expect(body).toHaveLength(count + 1);
      expect(new Set(body.map((r) => r[0])).size).toBe(count + 1);
      expect(task.done).toBe(count + 1);
      expect(task.total).toBe(count + 1);
    }
  });
});

describe('group members export', () => {
  it('writes the members with the header the download always had, and audits it', async () => {
    const { task, rows, text } = await exportAs(id.owner, 'group.members.export', { groupId });
    expect(task.status).toBe('succeeded');
    expect(text.startsWith('email,first_name,last_name,username,added_at\r\n')).toBe(true);
    const body = rows.slice(1).sort((a, b) => a[0].localeCompare(b[0]));
    expect(body.map((r) => r.slice(0, 3))).toEqual([
      ['bob@acme.test', 'Bob', 'User'],
      ['carol@acme.test', `'=HYPERLINK("http://evil.test")`, 'User'],
    ]);
    const [entry] = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'group.exported'), eq(auditLog.targetId, groupId)));
    expect(entry).toMatchObject({ orgId, actorUserId: id.owner, targetType: 'group' });
    expect(entry.data).toMatchObject({ name: 'Helpdesk', members: 2, taskId: task.id });
  });

  it('fails for another organization’s group, writing no file', async () => {
    const { task } = await exportAs(id.owner, 'group.members.export', { groupId: otherGroupId });
    expect(task).toMatchObject({ status: 'failed', error: 'groups.exportTask.forbidden', resultBlobId: null });
  });
});

describe('audit log export', () => {
  it('writes the organization’s entries with the translated header, filtered, and audits it', async () => {
    const { task, rows } = await exportAs(id.owner, 'audit.export', { action: 'role.*' });
    expect(task.status).toBe('succeeded');
    expect(rows[0]).toEqual([
      'ID',
      'Time (UTC)',
      'Time',
      'Actor email',
      'Actor',
      'Action',
      'Action (described)',
      'Target type',
      'Target ID',
      'Target',
      'IP address',
      'Browser',
      'User agent',
      'Details',
    ]);
    const body = rows.slice(1);
    expect(body).toHaveLength(1);
    expect(body[0][3]).toBe('owner@acme.test');
    expect(body[0][5]).toBe('role.created');
    expect(body[0][6]).toBe('Role created');
    // Stored data that looks like a formula is defused too.
    expect(body[0][13]).toBe(`{"name":"@SUM(A1)"}`);
    expect(rows.flat().join(' ')).not.toContain('Umbrella secret');

    const entries = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'audit.exported'), eq(auditLog.orgId, orgId)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorUserId: id.owner, targetType: 'organization', targetId: orgId });
    expect(entries[0].data).toMatchObject({ rows: 1, filters: { action: 'role.*' }, taskId: task.id });

    const all = await exportAs(id.owner, 'audit.export', {});
    expect(all.rows.slice(1).map((r) => r[5])).toEqual(expect.arrayContaining(['profile.updated', 'audit.exported']));
  });

  it('defuses a formula in a cell', async () => {
    const db = await getDb();
    await db.insert(auditLog).values({ orgId, actorUserId: id.bob, action: '=cmd|x', targetType: 'user' });
    const { rows } = await exportAs(id.owner, 'audit.export', { actor: 'bob@acme.test' });
    expect(rows.slice(1).map((r) => r[5])).toContain(`'=cmd|x`);
  });
});

describe('permissions and restarts', () => {
  it('fails each export for someone without the permission, and keeps no file', async () => {
    const cases: [TaskAction, Record<string, unknown>, string][] = [
      ['users.export', {}, 'orgUsers.export.forbidden'],
      ['group.members.export', { groupId }, 'groups.exportTask.forbidden'],
      ['audit.export', {}, 'auditLog.export.forbidden'],
    ];
    for (const [action, params, error] of cases) {
      const { task } = await exportAs(id.bob, action, params);
      expect(task).toMatchObject({ status: 'failed', error, resultBlobId: null });
    }
    expect(await blobsOf(id.bob)).toEqual([]);
  });

  it('a run after an interruption replaces the unfinished file: one complete file', async () => {
    const db = await getDb();
    const task = await insertTask(db, {
      orgId,
      ownerUserId: id.carol,
      name: 'restart.csv',
      action: 'group.members.export',
      params: { groupId },
    });
    await db.update(users).set({ role: 'admin' }).where(eq(users.id, id.carol));
    try {
      // What a run cut off by a restart leaves: a half-written file and progress, queued again by
      // the recovery tick.
      const half = await BlobWriter.open(db, {
        orgId,
        ownerUserId: id.carol,
        name: 'restart.csv',
        contentType: 'text/csv',
      });
      await half.write('email,first_name\r\nbob@acme.test,Bob\r\n');
      await half.close();
      await db.update(blobs).set({ complete: false }).where(eq(blobs.id, half.id));
      await db
        .update(tasks)
        .set({ status: 'queued', done: 1, resultBlobId: half.id, startedAt: new Date(Date.now() - 60_000) })
        .where(eq(tasks.id, task.id));

      await runTask(db, task.id);
      const ended = await taskRow(task.id);
      expect(ended).toMatchObject({ status: 'succeeded', done: 2, total: 2 });
      const files = await blobsOf(id.carol);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatchObject({ id: ended.resultBlobId, complete: true });
      const rows = parseCsv(await blobText(ended.resultBlobId!));
      expect(rows[0]).toEqual(['email', 'first_name', 'last_name', 'username', 'added_at']);
      expect(
        rows
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(['bob@acme.test', 'carol@acme.test']);
    } finally {
      await db.update(users).set({ role: 'member' }).where(eq(users.id, id.carol));
      await db.delete(blobs).where(eq(blobs.ownerUserId, id.carol));
    }
  });

  it('a cancelled export keeps no file', async () => {
    const db = await getDb();
    const task = await insertTask(db, { orgId, ownerUserId: id.owner, name: 'c.csv', action: 'audit.export' });
    await db.update(tasks).set({ cancelRequested: true }).where(eq(tasks.id, task.id));
    await runTask(db, task.id);
    const ended = await taskRow(task.id);
    expect(ended).toMatchObject({ status: 'cancelled', resultBlobId: null });
  });
});

describe('Export CSV buttons', () => {
  it('queue the export with the page’s filters, checked again, and go to the background tasks', async () => {
    const db = await getDb();
    const owner = await signIn('owner@acme.test');
    queued.length = 0;

    expect(
      (await press(owner, exportUsers, { q: ' bob ', status: 'bogus', role: 'owner', group: otherGroupId, sort: 'x' }))
        .redirect,
    ).toBe('/settings/background-tasks');
    expect(
      (await press(owner, exportAuditLog, { actor: 'mia', action: 'role.*', from: '2024-13-01', to: '2025-01-31' }))
        .redirect,
    ).toBe('/settings/background-tasks');
    expect((await press(owner, exportGroupMembers, { groupId })).redirect).toBe('/settings/background-tasks');
    expect(queued).toHaveLength(3);

    const made = await db.select().from(tasks).where(eq(tasks.ownerUserId, id.owner));
    const byId = new Map(made.map((t) => [t.id, t]));
    const [users_, audit_, group_] = queued.map((taskId) => byId.get(taskId)!);
    expect(users_).toMatchObject({
      action: 'users.export',
      status: 'queued',
      params: { q: 'bob', status: '', role: 'owner', group: '', sort: 'name' },
    });
    expect(users_.name).toMatch(/^Acme users \d{4}-\d{2}-\d{2}\.csv$/);
    expect(audit_).toMatchObject({ action: 'audit.export' });
    expect(audit_.params).toMatchObject({ actor: 'mia', action: 'role.*', from: '', to: '2025-01-31' });
    expect(audit_.name).toMatch(/^Acme audit log \d{4}-\d{2}-\d{2}\.csv$/);
    expect(group_).toMatchObject({ action: 'group.members.export', name: 'Helpdesk members.csv', params: { groupId } });

    // Another organization's group is not found, and nothing is queued.
    expect((await press(owner, exportGroupMembers, { groupId: otherGroupId })).notFound).toBe(true);
    expect(queued).toHaveLength(3);
  });

  it('answer 404 to someone without the page’s permission', async () => {
    const bob = await signIn('bob@acme.test');
    queued.length = 0;
    expect((await press(bob, exportUsers, {})).notFound).toBe(true);
    expect((await press(bob, exportAuditLog, {})).notFound).toBe(true);
    expect((await press(bob, exportGroupMembers, { groupId })).notFound).toBe(true);
    expect(queued).toEqual([]);
  });
});
