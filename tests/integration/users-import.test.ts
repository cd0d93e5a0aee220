import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { getDb } from '@/db';
import {
  auditLog,
  blobs,
  groupMembers,
  groups,
  invitations,
  mailOutbox,
  notifications,
  organizations,
  roleAssignments,
  roles,
  taskRowErrors,
  tasks,
  users,
} from '@/db/schema';
import { saveBlob } from '@/lib/files/blobs';
import { startImport, uploadImportFile, type ImportPreview } from '@/lib/import/start';
import { IMPORT_BATCH_ROWS, type ImportParams } from '@/lib/import/task';
import { acceptInvitation } from '@/lib/org/accept-invitation';
import { actorOf, type OrgActor } from '@/lib/org/actor';
import { hashToken } from '@/lib/org/invitations';
import { registerTaskHandlers } from '@/lib/tasks/handlers';
import { MAX_RUNS, runTask } from '@/lib/tasks/runner';
import { cancelTask, insertTask, reclaimStaleTasks, type Task } from '@/lib/tasks/tasks';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

/**
 * The job engine is not started here, so kicking the mail queue does nothing; the import kicks it
 * right after each batch that invited someone has committed, which makes it the place to act
 * "between two batches" (cancel, or lose the task to another worker).
 */
const hooks = vi.hoisted(() => ({ afterBatch: null as null | (() => Promise<void>) }));
vi.mock('@/lib/jobs/boss', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/jobs/boss')>()),
  kickMailQueue: async () => {
    await hooks.afterBatch?.();
  },
  // Tasks run here only when a test calls runTask: no engine of its own picks them up.
  enqueueTask: async () => {},
}));

useTestDatabase();

beforeAll(() => {
  registerTaskHandlers();
});

const META = { ip: null, userAgent: null, requestId: null };
const HEADER = ['email', 'first name', 'last name', 'role', 'groups', 'job title', 'phone', 'username'];

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const csv = (rows: string[][]) => rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
/** A data row in HEADER's order; missing cells are empty. */
const row = (email: string, first = 'Test', last = 'Person', rest: Partial<Record<string, string>> = {}) => [
  email,
  first,
  last,
  rest.role ?? '',
  rest.groups ?? '',
  rest.jobTitle ?? '',
  rest.phone ?? '',
  rest.username ?? '',
];

async function* piecesOf(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const bytesOf = (content: string | Uint8Array) =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content;

let orgCount = 0;
/** A fresh organization with its owner (and, when asked, an admin) as actors. */
async function newOrg(options: { admin?: boolean } = {}) {
  const n = ++orgCount;
  const domain = `org${n}.test`;
  const { org, user: owner } = await createOrgWithUser({ orgName: `Import Org ${n}`, email: `owner@${domain}` });
  const admin = options.admin ? await addUser(org.id, { email: `admin@${domain}`, role: 'admin' }) : null;
  return {
    org,
    domain,
    owner: actorOf({ user: owner, org }),
    admin: admin ? actorOf({ user: admin, org }) : null,
  };
}

async function addGroup(orgId: string, name: string, permissions?: string[]) {
  const db = await getDb();
  const [group] = await db.insert(groups).values({ orgId, name }).returning();
  if (permissions) {
    const [role] = await db
      .insert(roles)
      .values({ orgId, name: `${name} role`, permissions })
      .returning();
    await db.insert(roleAssignments).values({ orgId, roleId: role.id, groupId: group.id });
  }
  return group;
}

async function upload(actor: OrgActor, content: string | Uint8Array, name = 'people.csv') {
  return uploadImportFile(await getDb(), actor, { name, stream: piecesOf(bytesOf(content)) });
}

async function queueImport(
  actor: OrgActor,
  preview: ImportPreview,
  options: { dryRun?: boolean; updateExisting?: boolean } = {},
): Promise<string> {
  const params: ImportParams = {
    blobId: preview.blobId,
    fileName: preview.fileName,
    encoding: preview.format.encoding,
    delimiter: preview.format.delimiter,
    bom: preview.format.bom,
    mapping: preview.suggested,
    updateExisting: options.updateExisting ?? false,
  };
  const task = await insertTask(await getDb(), {
    orgId: actor.orgId,
    ownerUserId: actor.id,
    name: preview.fileName,
    action: options.dryRun ? 'users.import.check' : 'users.import',
    params,
  });
  return task.id;
}

async function taskOf(taskId: string): Promise<Task> {
  const [task] = await (await getDb()).select().from(tasks).where(eq(tasks.id, taskId));
  return task;
}

async function rowErrorsOf(taskId: string) {
  return (await getDb())
    .select({
      row: taskRowErrors.row,
      column: taskRowErrors.column,
      value: taskRowErrors.value,
      message: taskRowErrors.message,
    })
    .from(taskRowErrors)
    .where(eq(taskRowErrors.taskId, taskId))
    .orderBy(asc(taskRowErrors.row), asc(taskRowErrors.id));
}

/** Upload, task, run: the whole import as the pages start it, minus the job engine. */
async function importFile(
  actor: OrgActor,
  content: string | Uint8Array,
  options: { dryRun?: boolean; updateExisting?: boolean } = {},
) {
  const uploaded = await upload(actor, content);
  if (!uploaded.ok) throw new Error(`upload refused: ${uploaded.error}`);
  const taskId = await queueImport(actor, uploaded.preview, options);
  await runTask(await getDb(), taskId);
  return { taskId, task: await taskOf(taskId), errors: await rowErrorsOf(taskId) };
}

async function invitationsOf(orgId: string) {
  return (await getDb()).select().from(invitations).where(eq(invitations.orgId, orgId)).orderBy(asc(invitations.email));
}

async function invitationMailsOf(orgId: string) {
  return (await getDb())
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.orgId, orgId), isNotNull(mailOutbox.invitationId)))
    .orderBy(asc(mailOutbox.to));
}

async function usersOf(orgId: string) {
  return (await getDb()).select().from(users).where(eq(users.orgId, orgId)).orderBy(asc(users.email));
}

async function auditOf(orgId: string) {
  return (await getDb()).select().from(auditLog).where(eq(auditLog.orgId, orgId)).orderBy(asc(auditLog.id));
}

async function notificationsOf(userId: string) {
  return (await getDb())
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.event, 'import.finished')));
}

/** A message written for people, not a message key. */
const readable = (message: string) => expect(message).not.toMatch(/^[\w-]+(\.[\w-]+)+$/);

describe('check file (dry run)', () => {
  it('checks every row, counts ready and refused rows, and writes nothing but its row errors', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    await addUser(org.id, { email: `mia@${domain}`, firstName: 'Mia' });
    await addGroup(org.id, 'Sales');
    const before = {
      users: await usersOf(org.id),
      audit: (await auditOf(org.id)).length,
    };

    const file = csv([
      HEADER,
      row(`ann@${domain}`, 'Ann', 'Lee', { role: 'admin', groups: 'Sales', phone: '(212) 736-5000' }),
      row(`bob@${domain}`, 'Bob', 'Stone'),
      row('not-an-address', 'Cy', 'Doe'),
      row(`dee@${domain}`, 'Dee', 'Fox', { role: 'boss' }),
      row(`mia@${domain}`, 'Mia', 'Muster'),
      row(`BOB@${domain}`, 'Bob', 'Again'),
    ]);
    const { task, errors } = await importFile(owner, file, { dryRun: true });

    expect(task).toMatchObject({ status: 'succeeded', action: 'users.import.check', total: 6, done: 6, error: null });
    expect(task.counts).toMatchObject({ valid: 2, refused: 4 });
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [3, 'email', 'not-an-address'],
      [4, 'role', 'boss'],
      [5, 'email', `mia@${domain}`],
      [6, 'email', `bob@${domain}`],
    ]);
    errors.forEach((e) => readable(e.message));
    expect(errors[3].message).toBe('This email is already on row 2.');

    expect(await invitationsOf(org.id)).toEqual([]);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.orgId, org.id))).toEqual([]);
    expect(await usersOf(org.id)).toEqual(before.users);
    expect(await auditOf(org.id)).toHaveLength(before.audit);
    // Only the import itself tells its owner when it is over.
    expect(await notificationsOf(owner.id)).toEqual([]);
  });
});

describe('import', () => {
  it('invites each valid new row with its role and extras, which the account gets on accepting', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const sales = await addGroup(org.id, 'Sales');
    const support = await addGroup(org.id, 'Support');

    const file = csv([
      HEADER,
      row(`ann@${domain}`, 'Ann', 'Lee', {
        role: 'Admin',
        groups: 'sales; Support',
        jobTitle: 'Engineer',
        phone: '(212) 736-5000',
        username: 'Ann.Lee',
      }),
      row(`bob@${domain}`, 'Bob', 'Stone'),
      row('bad@@address', 'Cy', 'Doe', { groups: 'Sales' }),
      row(`dee@${domain}`, 'Dee', 'Fox', { phone: '12' }),
      row(`eve@${domain}`, 'Eve', 'Gray', { groups: 'Sales;Nowhere' }),
      row(`fay@${domain}`, '', 'Hill'),
      row(`gus@${domain}`, 'Gus', 'Ives', { username: 'no spaces allowed' }),
    ]);
    const { task, errors } = await importFile(owner, file);

    expect(task).toMatchObject({ status: 'succeeded', total: 7, done: 7, error: null });
    expect(task.counts).toMatchObject({ invited: 2, updated: 0, refused: 5 });
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [3, 'email', 'bad@@address'],
      [4, 'phone', '12'],
      [5, 'groups', 'Nowhere'],
      [6, 'firstName', ''],
      [7, 'username', 'no spaces allowed'],
    ]);
    errors.forEach((e) => readable(e.message));
    expect(errors[2].message).toBe('There is no group with this name.');

    const invited = await invitationsOf(org.id);
    expect(invited.map((i) => [i.email, i.role, i.firstName, i.lastName])).toEqual([
      [`ann@${domain}`, 'admin', 'Ann', 'Lee'],
      [`bob@${domain}`, 'member', 'Bob', 'Stone'],
    ]);
    expect(invited[0].extras).toEqual({
      jobTitle: 'Engineer',
      phone: '+12127365000',
      username: 'ann.lee',
      groupIds: [sales.id, support.id],
    });
    expect(invited[1].extras).toEqual({});
    const mails = await invitationMailsOf(org.id);
    expect(mails.map((m) => [m.to, m.status, m.invitationId])).toEqual(invited.map((i) => [i.email, 'pending', i.id]));
    // Nothing of the refused rows: no user, no invitation, no mail (the other mail tells the owner the import is done).
    expect(await usersOf(org.id)).toHaveLength(1);
    const allMail = await db.select().from(mailOutbox).where(eq(mailOutbox.orgId, org.id));
    expect(allMail.map((m) => m.to).sort()).toEqual([`ann@${domain}`, `bob@${domain}`, `owner@${domain}`]);

    const token = mails[0].text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1];
    const accepted = await acceptInvitation(db, token, STRONG_PASSWORD, META);
    expect(accepted.ok).toBe(true);
    const [ann] = await db
      .select()
      .from(users)
      .where(eq(users.email, `ann@${domain}`));
    expect(ann).toMatchObject({
      role: 'admin',
      firstName: 'Ann',
      lastName: 'Lee',
      jobTitle: 'Engineer',
      phone: '+12127365000',
      username: 'ann.lee',
    });
    const joined = await db
      .select({ groupId: groupMembers.groupId })
      .from(groupMembers)
      .where(eq(groupMembers.userId, ann.id));
    expect(joined.map((g) => g.groupId).sort()).toEqual([sales.id, support.id].sort());

    const [note] = await notificationsOf(owner.id);
    expect(note).toMatchObject({
      title: 'Import of people.csv finished',
      body: '2 invited, 0 updated, 5 rows refused.',
      url: '/settings/background-tasks',
    });
  });

  it('updates and audits an existing member only with "update existing", and reports the row otherwise', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const sales = await addGroup(org.id, 'Sales');
    const mia = await addUser(org.id, { email: `mia@${domain}`, firstName: 'Mia' });
    const file = csv([
      HEADER,
      row(`Mia@${domain}`, 'Maria', 'Muster', { role: 'admin', groups: 'Sales', jobTitle: 'Team lead' }),
    ]);

    const without = await importFile(owner, file);
    expect(without.task).toMatchObject({ status: 'succeeded', counts: { invited: 0, updated: 0, refused: 1 } });
    expect(without.errors).toEqual([
      {
        row: 1,
        column: 'email',
        value: `mia@${domain}`,
        message: 'This person already has an account. Choose “Update existing users” to update them.',
      },
    ]);
    const [unchanged] = await db.select().from(users).where(eq(users.id, mia.id));
    expect(unchanged).toEqual(mia);
    expect(await invitationsOf(org.id)).toEqual([]);

    const withUpdate = await importFile(owner, file, { updateExisting: true });
    expect(withUpdate.task).toMatchObject({ status: 'succeeded', counts: { invited: 0, updated: 1, refused: 0 } });
    expect(withUpdate.errors).toEqual([]);
    const [updated] = await db.select().from(users).where(eq(users.id, mia.id));
    expect(updated).toMatchObject({ firstName: 'Maria', lastName: 'Muster', jobTitle: 'Team lead', role: 'admin' });
    expect(updated.version).toBe(mia.version + 1);
    const memberOf = await db
      .select({ groupId: groupMembers.groupId })
      .from(groupMembers)
      .where(eq(groupMembers.userId, mia.id));
    expect(memberOf).toEqual([{ groupId: sales.id }]);
    const entries = (await auditOf(org.id)).filter((e) => e.action === 'user.imported');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorUserId: owner.id, targetType: 'user', targetId: mia.id });
    expect(entries[0].data).toMatchObject({
      email: `mia@${domain}`,
      role: { from: 'member', to: 'admin' },
      groupsAdded: [sales.id],
    });
    expect((entries[0].data.fields as string[]).sort()).toEqual(['firstName', 'jobTitle', 'lastName', 'role']);
    expect(await invitationsOf(org.id)).toEqual([]);
  });
});

describe('bad input', () => {
  const PNG = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
    0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  ]);
  const wide = csv([
    Array.from({ length: 200 }, (_, i) => `column ${i + 1}`),
    Array.from({ length: 200 }, (_, i) => `value ${i + 1}`),
  ]);
  const files: [string, string | Uint8Array, string][] = [
    ['an empty file', '', 'usersImport.errors.empty'],
    ['a header without rows', csv([HEADER]), 'usersImport.errors.headerOnly'],
    ['a PNG image', PNG, 'usersImport.errors.binary'],
    ['200 columns', wide, 'usersImport.errors.tooManyColumns'],
  ];

  it.each(files)('refuses %s at upload and keeps nothing', async (_, content, error) => {
    const db = await getDb();
    const { org, owner } = await newOrg();
    expect(await upload(owner, content)).toEqual({ ok: false, error });
    expect(await db.select().from(blobs).where(eq(blobs.orgId, org.id))).toEqual([]);
  });

  it.each(files.slice(1))('fails the task with the same message if %s reaches it', async (_, content, error) => {
    const db = await getDb();
    const { org, owner } = await newOrg();
    const blob = await saveBlob(
      db,
      { orgId: org.id, ownerUserId: owner.id, name: 'people.csv', contentType: 'text/csv' },
      piecesOf(bytesOf(content)),
    );
    const taskId = await queueImport(owner, {
      blobId: blob.id,
      fileName: blob.name,
      size: blob.size,
      format: { ok: true, encoding: 'utf-8', delimiter: ',', bom: false },
      headers: HEADER,
      sample: [],
      suggested: { email: 0, firstName: 1, lastName: 2 },
    });
    await runTask(db, taskId);
    expect(await taskOf(taskId)).toMatchObject({ status: 'failed', error, done: 0 });
    expect(await rowErrorsOf(taskId)).toEqual([]);
  });

  it('fails the task on a quote that is never closed, writing nothing', async () => {
    const { org, domain, owner } = await newOrg();
    const good = Array.from({ length: 8 }, (_, i) => row(`p${i}@${domain}`, 'P', `${i}`));
    const file = csv([HEADER, ...good]) + `"broken@${domain},No,End\r\n` + csv([row(`late@${domain}`)]);
    const { task, errors } = await importFile(owner, file);
    expect(task).toMatchObject({ status: 'failed', error: 'usersImport.errors.unclosedQuote', done: 0 });
    expect(errors).toEqual([]);
    expect(await invitationsOf(org.id)).toEqual([]);
    expect(await invitationMailsOf(org.id)).toEqual([]);
    const [note] = await notificationsOf(owner.id);
    expect(note?.title).toBe('Import of people.csv ended');
  });

  it('reports a 1 MB row and applies the rows around it', async () => {
    const { org, domain, owner } = await newOrg();
    const file = csv([
      HEADER,
      row(`a@${domain}`, 'A', 'One'),
      row(`b@${domain}`, 'B', 'Two'),
      row(`huge@${domain}`, 'H', 'x'.repeat(1024 * 1024)),
      row(`c@${domain}`, 'C', 'Three'),
    ]);
    const { task, errors } = await importFile(owner, file);
    expect(task).toMatchObject({ status: 'succeeded', total: 4, done: 4 });
    expect(task.counts).toMatchObject({ invited: 3, refused: 1 });
    expect(errors).toEqual([
      { row: 3, column: '', value: '', message: 'This row is longer than 64 KB and was not read.' },
    ]);
    expect((await invitationsOf(org.id)).map((i) => i.email)).toEqual([`a@${domain}`, `b@${domain}`, `c@${domain}`]);
  });

  it("refuses per row what the admin may not do: owner role, another organization's group, a forbidden domain, a repeated or taken address", async () => {
    const db = await getDb();
    const { org, domain, admin } = await newOrg({ admin: true });
    await addGroup(org.id, 'Sales');
    const other = await newOrg();
    await addGroup(other.org.id, 'Other team');
    await addUser(other.org.id, { email: `taken@${domain}` });
    await db
      .update(organizations)
      .set({ allowedEmailDomains: [domain] })
      .where(eq(organizations.id, org.id));

    const file = csv([
      HEADER,
      row(`ok@${domain}`, 'Ok', 'Person', { groups: 'Sales' }),
      row(`boss@${domain}`, 'Big', 'Boss', { role: 'owner' }),
      row(`team@${domain}`, 'Tea', 'Mate', { groups: 'Other team' }),
      row('someone@elsewhere.test', 'Some', 'One'),
      row(`ok@${domain}`, 'Ok', 'Again'),
      row(`taken@${domain}`, 'Tak', 'En'),
    ]);
    const { task, errors } = await importFile(admin!, file);
    expect(task).toMatchObject({ status: 'succeeded', counts: { invited: 1, updated: 0, refused: 5 } });
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'role', 'owner'],
      [3, 'groups', 'Other team'],
      [4, 'email', 'someone@elsewhere.test'],
      [5, 'email', `ok@${domain}`],
      [6, 'email', `taken@${domain}`],
    ]);
    errors.forEach((e) => readable(e.message));
    expect(errors[1].message).toBe('There is no group with this name.');
    expect(errors[3].message).toBe('This email is already on row 1.');
    expect(errors.map((e) => e.message)).toEqual([...new Set(errors.map((e) => e.message))]);
    expect((await invitationsOf(org.id)).map((i) => i.email)).toEqual([`ok@${domain}`]);
    expect(await invitationsOf(other.org.id)).toEqual([]);
  });

  it('refuses control and direction characters in any cell, as the forms do, and writes nothing of those rows', async () => {
    const { org, domain, owner } = await newOrg();
    const file = csv([
      HEADER,
      row(`title@${domain}`, 'Tia', 'Title', { jobTitle: 'Head\u0007 of sales' }),
      row(`bidi@${domain}`, 'Bea', 'Bidi', { jobTitle: 'Manager \u202Eregnam' }),
      row(`name@${domain}`, 'Na\u0001me', 'Null'),
      row(`user@${domain}`, 'Uma', 'User', { username: 'us\u2066er' }),
      row(`fine@${domain}`, 'Fine', 'Person', { jobTitle: 'Head of sales' }),
    ]);
    const { task, errors } = await importFile(owner, file);
    expect(task.counts).toMatchObject({ invited: 1, refused: 4 });
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [1, 'jobTitle'],
      [2, 'jobTitle'],
      [3, 'firstName'],
      [4, 'username'],
    ]);
    expect(errors[0].message).toBe('Remove the control or invisible direction characters from this field.');
    expect(errors[1].message).toBe('Remove the control or invisible direction characters from this field.');
    // One rule for every cell, as in the forms: the username's format check is not reported on top.
    expect(errors.map((e) => e.message)).toEqual(Array(4).fill(errors[0].message));
    const invited = await invitationsOf(org.id);
    expect(invited.map((i) => [i.email, i.extras.jobTitle])).toEqual([[`fine@${domain}`, 'Head of sales']]);
  });

  it('gives a username to the first row that is invited, not to a refused row before it', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    await db
      .update(organizations)
      .set({ allowedEmailDomains: [domain] })
      .where(eq(organizations.id, org.id));
    const file = csv([
      HEADER,
      row('sam@elsewhere.test', 'Sam', 'Out', { username: 'sam' }),
      row(`sam@${domain}`, 'Sam', 'In', { username: 'sam' }),
      row(`samuel@${domain}`, 'Samuel', 'Too', { username: 'SAM' }),
    ]);
    const { task, errors } = await importFile(owner, file);
    expect(task.counts).toMatchObject({ invited: 1, refused: 2 });
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [1, 'email', 'sam@elsewhere.test'],
      [3, 'username', 'sam'],
    ]);
    expect((await invitationsOf(org.id)).map((i) => [i.email, i.extras.username])).toEqual([[`sam@${domain}`, 'sam']]);
  });

  it('refuses a group whose roles grant more than the importer holds', async () => {
    const db = await getDb();
    const { org, domain } = await newOrg();
    await db.update(organizations).set({ invitePolicy: 'managers' }).where(eq(organizations.id, org.id));
    const importer = await addUser(org.id, { email: `importer@${domain}` });
    const [importerRole] = await db
      .insert(roles)
      .values({ orgId: org.id, name: 'Importer', permissions: ['import.run', 'users.invite'] })
      .returning();
    await db.insert(roleAssignments).values({ orgId: org.id, roleId: importerRole.id, userId: importer.id });
    await addGroup(org.id, 'Admins', ['roles.manage']);
    const plain = await addGroup(org.id, 'Team', ['users.invite']);

    const file = csv([
      HEADER,
      row(`a@${domain}`, 'A', 'One', { groups: 'Admins' }),
      row(`b@${domain}`, 'B', 'Two', { groups: 'Team' }),
    ]);
    const { task, errors } = await importFile(actorOf({ user: importer, org }), file);
    expect(task).toMatchObject({ status: 'succeeded', counts: { invited: 1, refused: 1 } });
    expect(errors).toEqual([
      { row: 1, column: 'groups', value: 'Admins', message: 'This group grants permissions you do not have.' },
    ]);
    const invited = await invitationsOf(org.id);
    expect(invited.map((i) => [i.email, i.extras])).toEqual([[`b@${domain}`, { groupIds: [plain.id] }]]);
  });

  it('fails with "forbidden" and writes nothing when the importer no longer holds import.run', async () => {
    const db = await getDb();
    const { org, domain, admin } = await newOrg({ admin: true });
    const member = actorOf({ user: await addUser(org.id, { email: `member@${domain}` }), org });
    expect(await upload(member, csv([HEADER, row(`x@${domain}`)]))).toEqual({
      ok: false,
      error: 'usersImport.errors.forbidden',
    });

    // Uploaded and queued while an admin; demoted before the task runs. Anyone may invite here,
    // so only the missing import.run stops the task.
    await db.update(organizations).set({ invitePolicy: 'everyone' }).where(eq(organizations.id, org.id));
    const uploaded = await upload(admin!, csv([HEADER, row(`a@${domain}`), row(`b@${domain}`)]));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const taskId = await queueImport(admin!, uploaded.preview);
    await db.update(users).set({ role: 'member' }).where(eq(users.id, admin!.id));
    const auditBefore = (await auditOf(org.id)).length;
    await runTask(db, taskId);

    expect(await taskOf(taskId)).toMatchObject({ status: 'failed', error: 'usersImport.errors.forbidden', done: 0 });
    expect(await rowErrorsOf(taskId)).toEqual([]);
    expect(await invitationsOf(org.id)).toEqual([]);
    // The only mail is the one telling the importer that the import ended.
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.orgId, org.id));
    expect(mails.map((m) => [m.to, m.subject])).toEqual([[`admin@${domain}`, 'Import of people.csv ended']]);
    expect(await auditOf(org.id)).toHaveLength(auditBefore);
  });
});

describe('a long import', () => {
  const ROWS = 600;
  const people = (domain: string, n: number) =>
    csv([
      HEADER,
      ...Array.from({ length: n }, (_, i) => row(`p${String(i + 1).padStart(4, '0')}@${domain}`, 'P', `N${i + 1}`)),
    ]);

  it('goes on from its last committed batch after its worker was lost, inviting each row once', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const uploaded = await upload(owner, people(domain, ROWS));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const taskId = await queueImport(owner, uploaded.preview);

    // After the first batch commits, the task looks like one whose worker stopped a minute ago
    // and was handed to another: this worker's next batch finds it gone and writes nothing.
    hooks.afterBatch = async () => {
      hooks.afterBatch = null;
      await db
        .update(tasks)
        .set({ runId: randomUUID(), status: 'running', heartbeatAt: sql`now() - interval '1 minute'` })
        .where(eq(tasks.id, taskId));
    };
    const started = performance.now();
    try {
      await runTask(db, taskId);
    } finally {
      hooks.afterBatch = null;
    }
    const first = performance.now() - started;
    expect(await taskOf(taskId)).toMatchObject({ status: 'running', done: IMPORT_BATCH_ROWS, total: ROWS });
    expect(await invitationsOf(org.id)).toHaveLength(IMPORT_BATCH_ROWS);

    expect(await reclaimStaleTasks(db)).toContain(taskId);
    const resumed = performance.now();
    await runTask(db, taskId);
    const second = performance.now() - resumed;
    console.info(`600-row import: first batch ${first.toFixed(0)} ms, the rest after resuming ${second.toFixed(0)} ms`);

    const task = await taskOf(taskId);
    expect(task).toMatchObject({ status: 'succeeded', done: ROWS, total: ROWS, error: null });
    expect(task.counts).toMatchObject({ invited: ROWS, updated: 0, refused: 0 });
    const invited = await invitationsOf(org.id);
    expect(invited).toHaveLength(ROWS);
    expect(new Set(invited.map((i) => i.email)).size).toBe(ROWS);
    expect(invited.every((i) => i.revokedAt === null)).toBe(true);
    const mails = await invitationMailsOf(org.id);
    expect(mails).toHaveLength(ROWS);
    expect(new Set(mails.map((m) => m.to)).size).toBe(ROWS);
    expect(await rowErrorsOf(taskId)).toEqual([]);
    expect(await notificationsOf(owner.id)).toHaveLength(1);
  });

  it('leaves a stalled worker nothing to write once another worker has taken the task over', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const uploaded = await upload(owner, people(domain, ROWS));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const taskId = await queueImport(owner, uploaded.preview);

    // The first worker stalls after its first batch; meanwhile the recovery tick finds the task
    // untouched for a minute and a second worker runs it to its end.
    hooks.afterBatch = async () => {
      hooks.afterBatch = null;
      await db
        .update(tasks)
        .set({ heartbeatAt: sql`now() - interval '1 minute'` })
        .where(eq(tasks.id, taskId));
      expect(await reclaimStaleTasks(db)).toEqual([taskId]);
      await runTask(db, taskId);
      expect(await taskOf(taskId)).toMatchObject({ status: 'succeeded', done: ROWS });
    };
    try {
      await runTask(db, taskId);
    } finally {
      hooks.afterBatch = null;
    }

    const task = await taskOf(taskId);
    expect(task).toMatchObject({ status: 'succeeded', done: ROWS, total: ROWS });
    expect(task.counts).toMatchObject({ invited: ROWS, refused: 0 });
    const invited = await invitationsOf(org.id);
    expect(new Set(invited.map((i) => i.email)).size).toBe(ROWS);
    expect(invited).toHaveLength(ROWS);
    expect(await invitationMailsOf(org.id)).toHaveLength(ROWS);
    expect(await notificationsOf(owner.id)).toHaveLength(1);
  });

  it('queues again a task whose job was lost minutes ago, not one waiting its turn', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const uploaded = await upload(owner, people(domain, 3));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const lost = await queueImport(owner, uploaded.preview);
    const waiting = await queueImport(owner, uploaded.preview);
    await db
      .update(tasks)
      .set({ createdAt: sql`now() - interval '6 minutes'` })
      .where(eq(tasks.id, lost));
    const reclaimed = await reclaimStaleTasks(db);
    expect(reclaimed).toContain(lost);
    expect(reclaimed).not.toContain(waiting);
    await runTask(db, lost);
    expect(await taskOf(lost)).toMatchObject({ status: 'succeeded', done: 3 });
    expect(await invitationsOf(org.id)).toHaveLength(3);
  });

  it('ends a queued task at once when cancelled, and no worker starts it afterwards', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const uploaded = await upload(owner, people(domain, 3));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const taskId = await queueImport(owner, uploaded.preview);
    expect(await cancelTask(db, owner, taskId)).toBe('cancelled');
    await runTask(db, taskId);
    expect(await taskOf(taskId)).toMatchObject({ status: 'cancelled', done: 0, startedAt: null });
    expect(await invitationsOf(org.id)).toEqual([]);
  });

  it('stops after the current batch when cancelled', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const uploaded = await upload(owner, people(domain, ROWS));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const taskId = await queueImport(owner, uploaded.preview);

    const answers: string[] = [];
    hooks.afterBatch = async () => {
      hooks.afterBatch = null;
      answers.push(await cancelTask(db, owner, taskId));
    };
    const started = performance.now();
    try {
      await runTask(db, taskId);
    } finally {
      hooks.afterBatch = null;
    }
    console.info(`600-row import cancelled after its first batch: ${(performance.now() - started).toFixed(0)} ms`);

    expect(answers).toEqual(['stopping']);
    const task = await taskOf(taskId);
    expect(task).toMatchObject({ status: 'cancelled', done: IMPORT_BATCH_ROWS, total: ROWS, cancelRequested: true });
    expect(task.counts).toMatchObject({ invited: IMPORT_BATCH_ROWS });
    const invited = await invitationsOf(org.id);
    expect(invited.map((i) => i.email)).toEqual(
      Array.from({ length: IMPORT_BATCH_ROWS }, (_, i) => `p${String(i + 1).padStart(4, '0')}@${domain}`),
    );
    expect(await invitationMailsOf(org.id)).toHaveLength(IMPORT_BATCH_ROWS);
    const [note] = await notificationsOf(owner.id);
    expect(note).toMatchObject({
      title: 'Import of people.csv ended',
      body: '250 invited, 0 updated, 0 rows refused.',
    });
    // A cancelled task stays cancelled: the recovery tick does not pick it up again.
    expect(await reclaimStaleTasks(db, 0)).not.toContain(taskId);
    expect(await cancelTask(db, owner, taskId)).toBe('finished');
  });

  it('stops with "forbidden" at the next batch when the importer loses import.run while it runs', async () => {
    const db = await getDb();
    const { org, domain, admin } = await newOrg({ admin: true });
    // Anyone may invite here: only the missing import.run can stop the import.
    await db.update(organizations).set({ invitePolicy: 'everyone' }).where(eq(organizations.id, org.id));
    const uploaded = await upload(admin!, people(domain, ROWS));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const taskId = await queueImport(admin!, uploaded.preview);

    hooks.afterBatch = async () => {
      hooks.afterBatch = null;
      await db.update(users).set({ role: 'member' }).where(eq(users.id, admin!.id));
    };
    try {
      await runTask(db, taskId);
    } finally {
      hooks.afterBatch = null;
    }
    expect(await taskOf(taskId)).toMatchObject({
      status: 'failed',
      error: 'usersImport.errors.forbidden',
      done: IMPORT_BATCH_ROWS,
    });
    expect(await invitationsOf(org.id)).toHaveLength(IMPORT_BATCH_ROWS);
  });

  it('takes about as long on a fresh run (timing)', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const uploaded = await upload(owner, people(domain, ROWS));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const taskId = await queueImport(owner, uploaded.preview);
    const started = performance.now();
    await runTask(db, taskId);
    console.info(`600-row import in one run: ${(performance.now() - started).toFixed(0)} ms`);
    expect(await taskOf(taskId)).toMatchObject({ status: 'succeeded', done: ROWS });
    const emails = (await invitationsOf(org.id)).map((i) => i.email);
    expect(emails).toHaveLength(ROWS);
    expect(
      await db
        .select()
        .from(invitations)
        .where(inArray(invitations.email, emails.slice(0, 1))),
    ).toHaveLength(1);
  });
});

describe('checks made again later', () => {
  it('joins an imported group on acceptance only while it grants nothing beyond what the inviter holds now', async () => {
    const db = await getDb();
    const { org, domain } = await newOrg();
    await db.update(organizations).set({ invitePolicy: 'managers' }).where(eq(organizations.id, org.id));
    const importer = await addUser(org.id, { email: `importer@${domain}` });
    const [importerRole] = await db
      .insert(roles)
      .values({ orgId: org.id, name: 'Importer', permissions: ['import.run', 'users.invite'] })
      .returning();
    await db.insert(roleAssignments).values({ orgId: org.id, roleId: importerRole.id, userId: importer.id });
    const support = await addGroup(org.id, 'Support');
    const sales = await addGroup(org.id, 'Sales');
    const content = csv([HEADER, row(`nora@${domain}`, 'Nora', 'Late', { groups: 'Support; Sales' })]);
    const { task } = await importFile(actorOf({ user: importer, org }), content);
    expect(task.status).toBe('succeeded');
    // Before Nora accepts, Sales is given a role that grants more than the importer holds.
    const [keys] = await db
      .insert(roles)
      .values({ orgId: org.id, name: 'Role keys', permissions: ['roles.manage'] })
      .returning();
    await db.insert(roleAssignments).values({ orgId: org.id, roleId: keys.id, groupId: sales.id });
    const [inv] = await invitationsOf(org.id);
    const token = `${randomUUID().replaceAll('-', '')}abcdefghij`;
    await db
      .update(invitations)
      .set({ tokenHash: hashToken(token) })
      .where(eq(invitations.id, inv.id));
    const accepted = await acceptInvitation(db, token, STRONG_PASSWORD, META);
    if (!accepted.ok) throw new Error(accepted.reason);
    const joined = await db
      .select({ groupId: groupMembers.groupId })
      .from(groupMembers)
      .where(eq(groupMembers.userId, accepted.userId));
    expect(joined.map((g) => g.groupId)).toEqual([support.id]);
  });

  it('refuses a second import of the same file, and keeps a check of it allowed', async () => {
    const db = await getDb();
    const { domain, owner } = await newOrg();
    const uploaded = await upload(owner, csv([HEADER, row(`once@${domain}`)]));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const input = { blobId: uploaded.preview.blobId, mapping: uploaded.preview.suggested, updateExisting: false };
    const first = await startImport(db, owner, { ...input, dryRun: false });
    expect(first.ok).toBe(true);
    const again = await startImport(db, owner, { ...input, dryRun: false });
    expect(again).toMatchObject({ ok: false, error: 'usersImport.errors.alreadyImported' });
    expect((await startImport(db, owner, { ...input, dryRun: true })).ok).toBe(true);
  });

  it('refuses to update a deactivated person', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const gone = await addUser(org.id, { email: `gone@${domain}`, firstName: 'Gone' });
    await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, gone.id));
    const { errors } = await importFile(owner, csv([HEADER, row(`gone@${domain}`, 'Back', 'Again')]), {
      updateExisting: true,
    });
    expect(errors.map((e) => e.message)).toEqual([
      "This person's account is deactivated. Reactivate it on their page first.",
    ]);
    expect((await db.select().from(users).where(eq(users.id, gone.id)))[0].firstName).toBe('Gone');
  });

  it('fails a file of more than 100,000 rows before applying any', async () => {
    const { org, domain, owner } = await newOrg();
    const lines = ['email'];
    for (let i = 0; i < 100_001; i++) lines.push(`p${i}@${domain}`);
    const { task } = await importFile(owner, lines.join('\n') + '\n');
    expect(task).toMatchObject({ status: 'failed', error: 'usersImport.errors.tooManyRows', done: 0 });
    expect(await invitationsOf(org.id)).toHaveLength(0);
  });

  it('fails a task that was picked up too often without finishing, instead of holding the queue', async () => {
    const db = await getDb();
    const { org, domain, owner } = await newOrg();
    const uploaded = await upload(owner, csv([HEADER, row(`stuck@${domain}`)]));
    if (!uploaded.ok) throw new Error(uploaded.error);
    const taskId = await queueImport(owner, uploaded.preview);
    await db.update(tasks).set({ runs: MAX_RUNS }).where(eq(tasks.id, taskId));
    await runTask(db, taskId);
    expect(await taskOf(taskId)).toMatchObject({ status: 'failed', error: 'tasks.errors.tooManyRuns' });
    expect(await invitationsOf(org.id)).toHaveLength(0);
  });
});
