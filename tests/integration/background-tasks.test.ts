import { eq } from 'drizzle-orm';
import { AppRouterContext, type AppRouterInstance } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';

import { GET as download } from '@/app/(account)/settings/background-tasks/[id]/download/route';
import { cancelTask as cancelTaskAction } from '@/app/(account)/settings/background-tasks/actions';
import BackgroundTasksPage from '@/app/(account)/settings/background-tasks/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { blobs, taskRowErrors, tasks, users, type TaskAction } from '@/db/schema';
import { saveBlob } from '@/lib/files/blobs';
import { insertTask, purgeOldFiles } from '@/lib/tasks/tasks';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

let orgId: string;
let otherOrgId: string;
const id = {} as Record<'admin' | 'member' | 'colleague' | 'outsider', string>;
const as = {} as Record<keyof typeof id, TestClient>;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

async function makeTask(
  ownerUserId: string,
  action: TaskAction,
  name: string,
  change: Partial<typeof tasks.$inferInsert> = {},
  owner = orgId,
) {
  const db = await getDb();
  const task = await insertTask(db, { orgId: owner, ownerUserId, name, action });
  if (Object.keys(change).length) await db.update(tasks).set(change).where(eq(tasks.id, task.id));
  return task;
}

async function addRowErrors(taskId: string, rows: { row: number; column?: string; value?: string; message: string }[]) {
  await (await getDb()).insert(taskRowErrors).values(rows.map((r) => ({ taskId, ...r })));
}

const fetchDownload = (browser: TestClient, taskId: string) =>
  browser.run(() =>
    download(new Request(`http://localhost:3000/settings/background-tasks/${taskId}/download`), {
      params: Promise.resolve({ id: taskId }),
    }),
  );

/** The page as the browser gets it; its auto-refresh needs a router, which a test render lacks. */
const noop = () => {};
const router = {
  refresh: noop,
  push: noop,
  replace: noop,
  back: noop,
  forward: noop,
  prefetch: noop,
} as unknown as AppRouterInstance;
const page = async (browser: TestClient, search: Record<string, string> = {}) =>
  (
    (
      await renderHtml(browser, async () =>
        createElement(
          AppRouterContext.Provider,
          { value: router },
          await BackgroundTasksPage({ searchParams: Promise.resolve(search) }),
        ),
      )
    ).result ?? ''
  ).replace(/<!-- -->/g, '');

/** RFC 4180, enough to read our own output back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Task Org', email: 'admin@tasks.test', role: 'admin' });
  orgId = org.id;
  id.admin = user.id;
  id.member = (await addUser(orgId, { email: 'member@tasks.test', firstName: 'Mia' })).id;
  id.colleague = (await addUser(orgId, { email: 'colleague@tasks.test', firstName: 'Cole' })).id;
  const other = await createOrgWithUser({ orgName: 'Other Org', email: 'admin@elsewhere.test', role: 'admin' });
  otherOrgId = other.org.id;
  id.outsider = other.user.id;
  as.admin = await signIn('admin@tasks.test');
  as.member = await signIn('member@tasks.test');
  as.colleague = await signIn('colleague@tasks.test');
  as.outsider = await signIn('admin@elsewhere.test');
});

describe('the background tasks page', () => {
  it('lists only the person’s own tasks, with progress, counts, errors and the download link', async () => {
    const started = new Date('2026-03-10T08:00:00Z');
    const finished = new Date('2026-03-10T08:05:00Z');
    const done = await makeTask(id.member, 'users.import', 'people.csv', {
      status: 'succeeded',
      done: 3,
      total: 3,
      counts: { invited: 1, updated: 1, refused: 1 },
      startedAt: started,
      finishedAt: finished,
    });
    await addRowErrors(done.id, [{ row: 3, column: 'email', value: 'nope', message: 'Not an email address.' }]);
    await makeTask(id.member, 'users.import.check', 'checked.csv', {
      status: 'succeeded',
      done: 5,
      total: 5,
      counts: { valid: 2, refused: 3 },
    });
    await makeTask(id.member, 'users.import.check', 'broken.csv', {
      status: 'failed',
      error: 'usersImport.errors.unclosedQuote',
      done: 0,
      total: null,
    });
    await makeTask(id.colleague, 'users.import', 'colleague-secret.csv');
    await makeTask(id.outsider, 'users.import', 'outsider-secret.csv', {}, otherOrgId);

    const html = await page(as.member);
    expect(html).toContain('people.csv');
    expect(html).toContain('broken.csv');
    expect(html).not.toContain('colleague-secret.csv');
    expect(html).not.toContain('outsider-secret.csv');
    expect(html).toMatch(/<progress[^>]*value="3"[^>]*max="3"|<progress[^>]*max="3"[^>]*value="3"/);
    expect(html).toContain('aria-label="Progress of people.csv"');
    expect(html).toContain('3 of 3');
    expect(html).toContain('1 invited, 1 updated, 1 refused');
    expect(html).toContain('2 ready, 3 with problems');
    // Name, action type, status, progress, times and result, each in its own column.
    expect([...html.matchAll(/<th scope="col"[^>]*>([^<]+)<\/th>/g)].map((m) => m[1])).toEqual([
      'Name',
      'Action type',
      'Status',
      'Progress',
      'Started',
      'Finished',
      'Result',
    ]);
    expect(html).toMatch(/<td[^>]*>Import users<\/td>/);
    expect(html).toMatch(/<td[^>]*>Check import file<\/td>/);
    expect(html).toContain('A quoted field is never closed. Check the quotes in the file.');
    expect(html).toContain(`href="/settings/background-tasks/${done.id}/download"`);
    expect(html).toContain('Download error report');
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<caption');
    // Nothing is running: no reload.
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).not.toContain('>Cancel<');
  });

  it('shows the started and finished times in the person’s own time zone and language', async () => {
    const db = await getDb();
    const zoned = await addUser(orgId, { email: 'zoned@tasks.test' });
    await db.update(users).set({ timeZone: 'Asia/Kolkata', locale: 'de' }).where(eq(users.id, zoned.id));
    const browser = await signIn('zoned@tasks.test');
    await makeTask(zoned.id, 'users.export', 'zoned.csv', {
      status: 'succeeded',
      startedAt: new Date('2026-03-10T22:45:00Z'),
      finishedAt: new Date('2026-03-10T23:50:00Z'),
    });
    const html = await page(browser);
    // 22:45 and 23:50 UTC are 04:15 and 05:20 the next day in India (UTC+5:30).
    expect(html).toContain('11.03.2026, 04:15');
    expect(html).toContain('11.03.2026, 05:20');
    expect(html).not.toContain('22:45');
    expect(html).not.toContain('23:50');
  });

  it('reloads itself while a task runs and offers Cancel', async () => {
    const running = await makeTask(id.colleague, 'users.import', 'running.csv', {
      status: 'running',
      done: 250,
      total: 1000,
    });
    const html = await page(as.colleague);
    expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="3"\/?><\/noscript>/);
    expect(html).toContain('250 of 1000');
    expect(html).toContain(`value="${running.id}"`);
    expect(html).toContain('aria-label="Cancel running.csv"');
    expect(html).toContain('>Refresh<');
  });

  it('shows the empty state and pages of twenty', async () => {
    const db = await getDb();
    const lonely = await addUser(orgId, { email: 'lonely@tasks.test' });
    const browser = await signIn('lonely@tasks.test');
    expect(await page(browser)).toContain('No background tasks yet.');
    for (let i = 0; i < 21; i++) {
      await makeTask(lonely.id, 'users.export', `export-${i}.csv`, {
        status: 'succeeded',
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      });
    }
    const first = await page(browser);
    expect(first).toContain('export-20.csv');
    expect(first).not.toContain('export-0.csv');
    expect(first).toContain('href="/settings/background-tasks?page=2"');
    expect(first).toContain('Older tasks');
    const second = await page(browser, { page: '2' });
    expect(second).toContain('export-0.csv');
    expect(second).not.toContain('export-1.csv');
    expect(second).toContain('Newer tasks');
    expect(await db.select().from(tasks).where(eq(tasks.ownerUserId, lonely.id))).toHaveLength(21);
  });
});

describe('downloading a result', () => {
  it('streams the error report with formula-looking cells defused', async () => {
    const task = await makeTask(id.admin, 'users.import', 'staff.csv', { status: 'succeeded', done: 4, total: 4 });
    await addRowErrors(task.id, [
      { row: 2, column: 'email', value: '=HYPERLINK("http://evil")', message: 'Not an email address.' },
      { row: 3, column: 'role', value: '+chef', message: 'Unknown role. Use member, admin or owner.' },
      { row: 4, column: '', value: '', message: 'This row has more cells than the header.' },
      { row: 5, column: 'mystery', value: '@SUM(1)', message: '-oops' },
    ]);
    const { result } = await fetchDownload(as.admin, task.id);
    expect(result?.status).toBe(200);
    expect(result?.headers.get('content-type')).toContain('text/csv');
    expect(result?.headers.get('cache-control')).toBe('private, no-store');
    expect(result?.headers.get('x-content-type-options')).toBe('nosniff');
    expect(result?.headers.get('content-disposition')).toContain('attachment; filename="staff-errors.csv"');
    const rows = parseCsv((await result?.text()) ?? '');
    expect(rows).toEqual([
      ['Row', 'Column', 'Value', 'Message'],
      ['2', 'Email', `'=HYPERLINK("http://evil")`, 'Not an email address.'],
      ['3', 'Role', "'+chef", 'Unknown role. Use member, admin or owner.'],
      ['4', '', '', 'This row has more cells than the header.'],
      ['5', '', "'@SUM(1)", "'-oops"],
    ]);
  });

  it('reads a long report in batches, in order', async () => {
    const task = await makeTask(id.admin, 'users.import.check', 'big.csv', { status: 'succeeded' });
    await addRowErrors(
      task.id,
      Array.from({ length: 2345 }, (_, i) => ({ row: i + 2, column: 'email', value: `v${i}`, message: 'Bad.' })),
    );
    const rows = parseCsv((await (await fetchDownload(as.admin, task.id)).result?.text()) ?? '');
    expect(rows).toHaveLength(2346);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(Array.from({ length: 2345 }, (_, i) => i + 2));
  });

  it('streams a complete result file with its type and name', async () => {
    const db = await getDb();
    const blob = await saveBlob(
      db,
      { orgId, ownerUserId: id.admin, name: 'Mitglieder März.csv', contentType: 'text/csv; charset=utf-8' },
      (async function* () {
        yield new TextEncoder().encode('email\r\na@b.test\r\n');
      })(),
    );
    const task = await makeTask(id.admin, 'users.export', 'Members', { status: 'succeeded', resultBlobId: blob.id });
    const html = await page(as.admin);
    expect(html).toContain(`href="/settings/background-tasks/${task.id}/download"`);
    const { result } = await fetchDownload(as.admin, task.id);
    expect(result?.status).toBe(200);
    expect(result?.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(result?.headers.get('cache-control')).toBe('private, no-store');
    expect(result?.headers.get('content-disposition')).toBe(
      `attachment; filename="mitglieder-marz.csv"; filename*=UTF-8''Mitglieder%20M%C3%A4rz.csv`,
    );
    expect(await result?.text()).toBe('email\r\na@b.test\r\n');

    // An unfinished file is never served.
    await db.update(blobs).set({ complete: false }).where(eq(blobs.id, blob.id));
    expect((await fetchDownload(as.admin, task.id)).result?.status).toBe(404);
  });

  it('answers 404 to others, and to an importer for anything but an import', async () => {
    const db = await getDb();
    const report = await makeTask(id.member, 'users.import', 'members-import.csv', { status: 'succeeded' });
    await addRowErrors(report.id, [{ row: 2, column: 'email', value: 'x', message: 'Bad.' }]);
    const blob = await saveBlob(
      db,
      { orgId, ownerUserId: id.member, name: 'export.csv', contentType: 'text/csv' },
      (async function* () {
        yield new TextEncoder().encode('a\r\n');
      })(),
    );
    const exported = await makeTask(id.member, 'users.export', 'export', {
      status: 'succeeded',
      resultBlobId: blob.id,
    });
    const nothing = await makeTask(id.member, 'users.import', 'clean.csv', { status: 'succeeded' });

    // A colleague without import.run, and another organization's admin: as if it did not exist.
    for (const browser of [as.colleague, as.outsider]) {
      for (const task of [report, exported]) {
        const { result } = await fetchDownload(browser, task.id);
        expect(result?.status).toBe(404);
        expect(result?.headers.get('cache-control')).toBe('private, no-store');
      }
    }
    // The admin runs imports: the import's report, not the person's export.
    expect((await fetchDownload(as.admin, report.id)).result?.status).toBe(200);
    expect((await fetchDownload(as.admin, exported.id)).result?.status).toBe(404);
    // Neither a result nor errors; a malformed or unknown id; signed out.
    expect((await fetchDownload(as.member, nothing.id)).result?.status).toBe(404);
    expect((await fetchDownload(as.member, 'not-a-uuid')).result?.status).toBe(404);
    expect((await fetchDownload(as.member, crypto.randomUUID())).result?.status).toBe(404);
    expect((await fetchDownload(new TestClient(), report.id)).result?.status).toBe(404);
  });

  it("answers 404 to the task's own owner once they no longer hold what it needed", async () => {
    const db = await getDb();
    const blob = await saveBlob(db, { orgId, ownerUserId: id.member, name: 'people.csv', contentType: 'text/csv' }, [
      new TextEncoder().encode('a\r\n'),
    ]);
    // A member (no users.read) with the file of an export made while they could read the list.
    const exported = await makeTask(id.member, 'users.export', 'people', {
      status: 'succeeded',
      resultBlobId: blob.id,
    });
    expect((await fetchDownload(as.member, exported.id)).result?.status).toBe(404);
    const mine = await makeTask(id.admin, 'users.export', 'people', { status: 'succeeded', resultBlobId: blob.id });
    expect((await fetchDownload(as.admin, mine.id)).result?.status).toBe(200);
  });
});

describe('cancelling', () => {
  const status = async (taskId: string) => (await (await getDb()).select().from(tasks).where(eq(tasks.id, taskId)))[0];

  it('ends a queued task, asks a running one to stop, and leaves others’ tasks alone', async () => {
    const queued = await makeTask(id.member, 'users.import', 'queued.csv');
    const outcome = await as.member.action(async (_s, fd) => (await cancelTaskAction(fd), { status: 'idle' }), {
      taskId: queued.id,
    });
    expect(outcome.redirect).toBe('/settings/background-tasks');
    expect(as.member.flash).toMatchObject({ status: 'success', key: 'tasks.cancelled' });
    expect(await status(queued.id)).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect((await status(queued.id)).finishedAt).toBeInstanceOf(Date);

    const running = await makeTask(id.member, 'users.import', 'running-2.csv', { status: 'running' });
    await as.member.action(async (_s, fd) => (await cancelTaskAction(fd), { status: 'idle' }), { taskId: running.id });
    expect(as.member.flash).toMatchObject({ key: 'tasks.stoppingFlash' });
    expect(await status(running.id)).toMatchObject({ status: 'running', cancelRequested: true });
    expect(await page(as.member)).toContain('Stopping after the current batch');

    await as.member.action(async (_s, fd) => (await cancelTaskAction(fd), { status: 'idle' }), { taskId: queued.id });
    expect(as.member.flash).toMatchObject({ key: 'tasks.alreadyFinished' });

    const theirs = await makeTask(id.colleague, 'users.import', 'theirs.csv');
    await as.admin.action(async (_s, fd) => (await cancelTaskAction(fd), { status: 'idle' }), { taskId: theirs.id });
    expect(as.admin.flash).toMatchObject({ status: 'error', key: 'tasks.errors.notFound' });
    expect(await status(theirs.id)).toMatchObject({ status: 'queued', cancelRequested: false });
  });

  it('removes files after 30 days, unless an unfinished task still uses them; the task stays listed', async () => {
    const db = await getDb();
    const file = (name: string) =>
      saveBlob(db, { orgId, ownerUserId: id.admin, name, contentType: 'text/csv' }, [Buffer.from('email\r\n')]);
    const [old, inUse, recent] = await Promise.all([file('old.csv'), file('in-use.csv'), file('recent.csv')]);
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    await db.update(blobs).set({ createdAt: longAgo }).where(eq(blobs.id, old.id));
    await db.update(blobs).set({ createdAt: longAgo }).where(eq(blobs.id, inUse.id));
    const done = await makeTask(id.admin, 'users.export', 'old.csv', { status: 'succeeded', resultBlobId: old.id });
    await makeTask(id.admin, 'users.import', 'in-use.csv', { status: 'running' });
    await db
      .update(tasks)
      .set({ params: { blobId: inUse.id } })
      .where(eq(tasks.name, 'in-use.csv'));

    expect(await purgeOldFiles(db)).toBeGreaterThanOrEqual(1);
    const left = new Set((await db.select({ id: blobs.id }).from(blobs)).map((b) => b.id));
    expect(left.has(old.id)).toBe(false);
    expect(left.has(inUse.id)).toBe(true);
    expect(left.has(recent.id)).toBe(true);
    const [listed] = await db.select().from(tasks).where(eq(tasks.id, done.id));
    expect(listed.resultBlobId).toBeNull();

    // An old check's error report goes too; a recent one stays.
    const oldCheck = await makeTask(id.admin, 'users.import.check', 'old-check.csv', {
      status: 'succeeded',
      finishedAt: longAgo,
    });
    const newCheck = await makeTask(id.admin, 'users.import.check', 'new-check.csv', {
      status: 'succeeded',
      finishedAt: new Date(),
    });
    await addRowErrors(oldCheck.id, [{ row: 1, message: 'old' }]);
    await addRowErrors(newCheck.id, [{ row: 1, message: 'new' }]);
    await purgeOldFiles(db);
    const reports = await db.select({ taskId: taskRowErrors.taskId }).from(taskRowErrors);
    expect(reports.some((r) => r.taskId === oldCheck.id)).toBe(false);
    expect(reports.some((r) => r.taskId === newCheck.id)).toBe(true);
  });
});
