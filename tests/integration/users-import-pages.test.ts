import { and, eq } from 'drizzle-orm';
import { createElement, type ComponentProps, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { startImport } from '@/app/(org)/org-settings/users/import/[fileId]/actions';
import ImportMappingPage from '@/app/(org)/org-settings/users/import/[fileId]/page';
import ImportUsersPage from '@/app/(org)/org-settings/users/import/page';
import { POST as upload, GET as uploadGet } from '@/app/(org)/org-settings/users/import/upload/route';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, blobChunks, blobs, tasks } from '@/db/schema';
import { compiledMessagesFor, messagesFor } from '@/lib/i18n/messages';
import { getRequestIntl } from '@/lib/i18n/server';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

/** The job engine is not started here: a queued task stays queued, and the test reads its row. */
const queued = vi.hoisted(() => [] as string[]);
vi.mock('@/lib/jobs/boss', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/jobs/boss')>()),
  enqueueTask: async (taskId: string) => {
    queued.push(taskId);
  },
}));

useTestDatabase();

const en = messagesFor('en') as { usersImport: { errors: Record<string, string> } };
const ERRORS = en.usersImport.errors;
const UPLOAD_URL = 'http://localhost:3000/org-settings/users/import/upload';
const CSV = 'E-Mail;Vorname;Nachname;Abteilung\r\nada@acme.test;Ada;Lovelace;R&D\r\nbob@acme.test;Bob;Byte;Ops\r\n';

type Who = 'admin' | 'otherAdmin' | 'member';
const as = {} as Record<Who, TestClient>;
let orgId: string;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

beforeAll(async () => {
  const { org } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  orgId = org.id;
  await addUser(orgId, { email: 'adam@acme.test', role: 'admin' });
  await addUser(orgId, { email: 'alma@acme.test', role: 'admin' });
  await addUser(orgId, { email: 'mia@acme.test', role: 'member' });
  as.admin = await signIn('adam@acme.test');
  as.otherAdmin = await signIn('alma@acme.test');
  as.member = await signIn('mia@acme.test');
});

async function render(browser: TestClient, tree: () => Promise<ReactNode>): Promise<string> {
  const { result, notFound } = await browser.run(async () => {
    const { locale, timeZone } = await getRequestIntl();
    const props = { locale, timeZone, messages: compiledMessagesFor(locale) } as ComponentProps<typeof IntlProvider>;
    const stream = await renderToReadableStream(createElement(IntlProvider, props, await tree()));
    await stream.allReady;
    return new Response(stream).text();
  });
  if (notFound) return 'NOT FOUND';
  return result!;
}

const uploadPage = (browser: TestClient, search: Record<string, string> = {}) =>
  render(browser, () => ImportUsersPage({ searchParams: Promise.resolve(search) }));
const mappingPage = (browser: TestClient, fileId: string) =>
  render(browser, () => ImportMappingPage({ params: Promise.resolve({ fileId }) }));

/** The browser's multipart post of the upload form (a file part named `file`). */
function uploadRequest(file: File | null): Request {
  const form = new FormData();
  form.append('file', file ?? new File([], '', { type: 'application/octet-stream' }));
  return new Request(UPLOAD_URL, { method: 'POST', body: form, headers: { origin: 'http://localhost:3000' } });
}

async function post(browser: TestClient, request: Request) {
  const { result } = await browser.run(() => upload(request));
  return result!;
}

async function uploadFile(browser: TestClient, content: BlobPart, name = 'people.csv') {
  const response = await post(browser, uploadRequest(new File([content], name, { type: 'text/csv' })));
  expect(response.status).toBe(303);
  return response.headers.get('location')!;
}

const blobCount = async () => (await (await getDb()).select({ id: blobs.id }).from(blobs)).length;
const chunkCount = async () => (await (await getDb()).select({ seq: blobChunks.seq }).from(blobChunks)).length;
const taskRows = async () => (await getDb()).select().from(tasks).where(eq(tasks.orgId, orgId));

describe('who may import', () => {
  it('answers 404 to a member on both pages and the upload route', async () => {
    expect(await uploadPage(as.member)).toBe('NOT FOUND');
    const location = await uploadFile(as.admin, CSV);
    const fileId = location.split('/').pop()!;
    expect(await mappingPage(as.member, fileId)).toBe('NOT FOUND');
    const before = await blobCount();
    const refused = await post(as.member, uploadRequest(new File([CSV], 'people.csv')));
    expect(refused.status).toBe(404);
    expect((await as.member.run(() => uploadGet(new Request(UPLOAD_URL)))).result!.status).toBe(404);
    expect(await blobCount()).toBe(before);
    // The action behind the mapping form refuses too, before reading anything.
    expect((await as.member.action(startImport, { blobId: fileId, intent: 'check', email: '0' })).notFound).toBe(true);
  });

  it('does not open another admin’s upload', async () => {
    const location = await uploadFile(as.admin, CSV);
    const fileId = location.split('/').pop()!;
    expect(await mappingPage(as.otherAdmin, fileId)).toBe('NOT FOUND');
    expect(await mappingPage(as.admin, 'not-a-uuid')).toBe('NOT FOUND');
    const outcome = await as.otherAdmin.action(startImport, { blobId: fileId, intent: 'import', email: '0' });
    expect(outcome.result?.message).toBe(ERRORS.fileGone);
  });
});

describe('the upload', () => {
  it('shows the form with its format and the file field', async () => {
    const html = await uploadPage(as.admin);
    expect(html).toContain('<h1 class="page-title">Import users</h1>');
    expect(html).toMatch(/<label for="file"[^>]*>CSV file<\/label>/);
    expect(html).toContain('accept=".csv,text/csv"');
    expect(html).toContain('action="/org-settings/users/import/upload"');
    expect(html).toMatch(/enctype="multipart\/form-data"/i);
    expect(html).toMatch(/<button type="submit"[^>]*>Upload file<\/button>/);
  });

  it('keeps a CSV and goes on to its mapping page, which shows the columns it found', async () => {
    const location = await uploadFile(as.admin, CSV);
    expect(location).toMatch(/^\/org-settings\/users\/import\/[0-9a-f-]{36}$/);
    const html = await mappingPage(as.admin, location.split('/').pop()!);
    expect(html).toContain('people.csv: UTF-8, separated by semicolons.');
    for (const header of ['E-Mail', 'Vorname', 'Nachname', 'Abteilung', 'ada@acme.test', 'R&amp;D'])
      expect(html).toContain(header);
    expect(html).toContain('<caption id="preview-caption"');
    expect(html).toContain('<th scope="col"');
    // Suggested from the header names; the department is not a field, so nothing picks it.
    expect(html).toMatch(/<select name="email"[^>]*>.*?<option value="0" selected="">E-Mail<\/option>/s);
    expect(html).toMatch(/<select name="firstName"[^>]*>.*?<option value="1" selected="">Vorname<\/option>/s);
    expect(html).toMatch(/<select name="role"[^>]*>\s*<option value="" selected="">Not imported<\/option>/);
    expect(html).toContain('Update existing users');
    expect(html).toMatch(/<button type="submit" value="check"[^>]*name="intent">Check file<\/button>/);
    expect(html).toMatch(/<button type="submit" value="import"[^>]*name="intent">Import<\/button>/);
  });

  it('refuses a 60 MB file sent without a length once it passes 50 MB, and keeps none of it', async () => {
    const encoder = new TextEncoder();
    const head = encoder.encode(
      '--x\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n' +
        'email,first name,last name\r\n',
    );
    const line = 'someone@example.com,Some,One\r\n';
    const megabyte = encoder.encode(line.repeat(Math.ceil((1024 * 1024) / line.length)));
    let sent = 0;
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (chunks === 0) controller.enqueue(head);
        else if (chunks <= 60) controller.enqueue(megabyte);
        else {
          controller.enqueue(encoder.encode('\r\n--x--\r\n'));
          controller.close();
        }
        sent = ++chunks;
      },
    });
    const request = new Request(UPLOAD_URL, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { origin: 'http://localhost:3000', 'content-type': 'multipart/form-data; boundary=x' },
    } as RequestInit);
    const before = await blobCount();
    const chunksBefore = await chunkCount();
    const response = await post(as.admin, request);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/org-settings/users/import');
    expect(as.admin.flash?.key).toBe('usersImport.errors.tooLarge');
    // Read up to the limit, not to the end of the 60 MB.
    expect(sent).toBeGreaterThan(50);
    expect(sent).toBeLessThan(60);
    expect(await blobCount()).toBe(before);
    expect(await chunkCount()).toBe(chunksBefore);
  });

  it('refuses a declared body over the limit before reading it', async () => {
    let read = false;
    // Asked for nothing until someone reads it (no high-water mark to fill).
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          read = true;
          throw new Error('the body was read');
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request(UPLOAD_URL, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: {
        origin: 'http://localhost:3000',
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(60 * 1024 * 1024),
      },
    } as RequestInit);
    const before = await blobCount();
    const response = await post(as.admin, request);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/org-settings/users/import');
    expect(read).toBe(false);
    expect(as.admin.flash?.key).toBe('usersImport.errors.tooLarge');
    expect(await blobCount()).toBe(before);
    expect(await uploadPage(as.admin)).toMatch(
      new RegExp(`<p id="file-error" role="alert"[^>]*>${ERRORS.tooLarge}</p>`),
    );
  });

  it('answers a bad file with its message next to the field, and keeps nothing', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const cases: Array<[string, File | null]> = [
      ['binary', new File([png], 'photo.csv', { type: 'text/csv' })],
      ['empty', new File([], 'empty.csv', { type: 'text/csv' })],
      ['headerOnly', new File(['email,first name,last name\r\n'], 'header.csv', { type: 'text/csv' })],
      ['fileRequired', null],
    ];
    const before = await blobCount();
    for (const [code, file] of cases) {
      const response = await post(as.admin, uploadRequest(file));
      expect(response.status, code).toBe(303);
      expect(response.headers.get('location')).toBe('/org-settings/users/import');
      expect(as.admin.flash?.key).toBe(`usersImport.errors.${code}`);
      const html = await uploadPage(as.admin);
      expect(html).toContain(`<p id="file-error" role="alert" class="text-sm text-red-700 dark:text-red-400">`);
      expect(html).toContain(ERRORS[code].replace(/'/g, '&#x27;'));
      expect(html).toMatch(/aria-invalid="true" aria-describedby="file-hint file-error"/);
    }
    expect(await blobCount()).toBe(before);
  });

  it('refuses a post from another site', async () => {
    const before = await blobCount();
    const form = new FormData();
    form.append('file', new File([CSV], 'people.csv', { type: 'text/csv' }));
    const variants: Array<Record<string, string>> = [
      { origin: 'https://evil.test' },
      { origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' },
      {},
    ];
    for (const headers of variants) {
      const response = await post(as.admin, new Request(UPLOAD_URL, { method: 'POST', body: form, headers }));
      expect(response.status).toBe(403);
    }
    expect(await blobCount()).toBe(before);
  });

  it('shows the proxy’s refusal of a post over its limit', async () => {
    const back = (await as.admin.run(() => uploadGet(new Request(`${UPLOAD_URL}?tooLarge=1`)))).result!;
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/org-settings/users/import?tooLarge=1');
    as.admin.jar.delete('roster.flash');
    expect(await uploadPage(as.admin, { tooLarge: '1' })).toContain(ERRORS.tooLarge);
  });
});

describe('the mapping', () => {
  let fileId: string;
  beforeAll(async () => {
    fileId = (await uploadFile(as.admin, CSV)).split('/').pop()!;
  });

  it('asks for the email column and queues nothing without it', async () => {
    const before = (await taskRows()).length;
    const outcome = await as.admin.action(startImport, { blobId: fileId, intent: 'check', email: '', firstName: '1' });
    expect(outcome.result?.status).toBe('error');
    expect(outcome.result?.fieldErrors?.email).toEqual([ERRORS.emailColumn]);
    expect(outcome.result?.values?.firstName).toBe('1');
    expect((await taskRows()).length).toBe(before);
  });

  it('refuses one column for two fields, next to the second, and keeps the choices', async () => {
    const outcome = await as.admin.action(startImport, {
      blobId: fileId,
      intent: 'import',
      email: '0',
      firstName: '1',
      lastName: '1',
      updateExisting: 'on',
    });
    expect(outcome.result?.fieldErrors).toEqual({ lastName: [ERRORS.columnTwice] });
    expect(outcome.result?.values).toMatchObject({ email: '0', firstName: '1', lastName: '1', updateExisting: 'on' });
    expect((await taskRows()).length).toBe(0);
  });

  it('refuses a column the file does not have', async () => {
    const outcome = await as.admin.action(startImport, { blobId: fileId, intent: 'check', email: '0', role: '9' });
    expect(outcome.result?.fieldErrors).toEqual({ role: [ERRORS.invalid] });
    expect((await taskRows()).length).toBe(0);
  });

  it('queues a check of the file and sends the importer to Background tasks', async () => {
    queued.length = 0;
    const outcome = await as.admin.action(startImport, {
      blobId: fileId,
      intent: 'check',
      email: '0',
      firstName: '1',
      lastName: '2',
      role: '',
    });
    expect(outcome.redirect).toBe('/settings/background-tasks');
    expect(as.admin.flash).toMatchObject({ status: 'success', key: 'usersImport.started' });
    const [task] = await taskRows();
    expect(task).toMatchObject({ action: 'users.import.check', name: 'people.csv', status: 'queued' });
    expect(task.params).toMatchObject({
      blobId: fileId,
      delimiter: ';',
      mapping: { email: 0, firstName: 1, lastName: 2 },
      updateExisting: false,
    });
    expect(queued).toEqual([task.id]);
  });

  it('queues the import itself with "Update existing users", and audits it', async () => {
    const outcome = await as.admin.action(startImport, {
      blobId: fileId,
      intent: 'import',
      email: '0',
      updateExisting: 'on',
    });
    expect(outcome.redirect).toBe('/settings/background-tasks');
    const [task] = (await taskRows()).filter((t) => t.action === 'users.import');
    expect(task.params).toMatchObject({ mapping: { email: 0 }, updateExisting: true });
    const audits = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import.started'), eq(auditLog.targetId, task.id)));
    expect(audits).toHaveLength(1);
  });
});
