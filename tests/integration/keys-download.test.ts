import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppRouterContext, type AppRouterInstance } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import * as openpgp from 'openpgp';
import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';

import { GET as download } from '@/app/(account)/settings/background-tasks/[id]/download/route';
import BackgroundTasksPage from '@/app/(account)/settings/background-tasks/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { taskRowErrors, tasks } from '@/db/schema';
import { saveBlob } from '@/lib/files/blobs';
import { saveUserKey } from '@/lib/keys/manage';
import { insertTask } from '@/lib/tasks/tasks';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

const meta = { ip: '192.0.2.9', userAgent: 'keys-download-test', requestId: 'keys-download-test' };
let orgId: string;
let keyed: { id: string; browser: TestClient; privateKey: openpgp.PrivateKey };
let plain: { id: string; browser: TestClient };

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

const fetchDownload = (browser: TestClient, taskId: string, query = '') =>
  browser.run(() =>
    download(new Request(`http://localhost:3000/settings/background-tasks/${taskId}/download${query}`), {
      params: Promise.resolve({ id: taskId }),
    }),
  );

const noop = () => {};
const router = { refresh: noop, push: noop, replace: noop, back: noop, forward: noop, prefetch: noop };
const page = async (browser: TestClient) =>
  (
    (
      await renderHtml(browser, async () =>
        createElement(
          AppRouterContext.Provider,
          { value: router as unknown as AppRouterInstance },
          await BackgroundTasksPage({ searchParams: Promise.resolve({}) }),
        ),
      )
    ).result ?? ''
  ).replace(/<!-- -->/g, '');

async function decrypt(bytes: Uint8Array) {
  const message = await openpgp.readMessage({ binaryMessage: bytes });
  const { data, filename } = (await openpgp.decrypt({
    message,
    decryptionKeys: keyed.privateKey,
    format: 'binary',
  })) as { data: Uint8Array; filename: string };
  // The literal packet's file name, which `gpg --decrypt` offers to use.
  return { data: Buffer.from(data), filename: filename ?? (message.getFilename() as string) };
}

async function resultTask(ownerUserId: string, bytes: Uint8Array, name: string) {
  const db = await getDb();
  const blob = await saveBlob(db, { orgId, ownerUserId, name, contentType: 'text/csv; charset=utf-8' }, [bytes]);
  const task = await insertTask(db, { orgId, ownerUserId, name: 'Members', action: 'users.export' });
  await db.update(tasks).set({ status: 'succeeded', resultBlobId: blob.id }).where(eq(tasks.id, task.id));
  return task;
}

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Download Org', email: 'kai@download.test', role: 'admin' });
  orgId = org.id;
  const keys = await openpgp.generateKey({
    type: 'curve25519',
    userIDs: [{ email: 'kai@download.test' }],
    format: 'armored',
  });
  expect((await saveUserKey(await getDb(), await getUser(user.id), keys.publicKey, meta)).ok).toBe(true);
  keyed = {
    id: user.id,
    browser: await signIn('kai@download.test'),
    privateKey: await openpgp.readPrivateKey({ armoredKey: keys.privateKey }),
  };
  const other = await addUser(orgId, { email: 'pat@download.test', firstName: 'Pat', role: 'admin' });
  plain = { id: other.id, browser: await signIn('pat@download.test') };
});

describe('encrypted downloads', () => {
  it('offers "Download encrypted" next to each result only to someone with a key', async () => {
    const mine = await resultTask(keyed.id, new TextEncoder().encode('email\r\n'), 'people.csv');
    const theirs = await resultTask(plain.id, new TextEncoder().encode('email\r\n'), 'people.csv');
    const html = await page(keyed.browser);
    expect(html).toContain(`href="/settings/background-tasks/${mine.id}/download"`);
    expect(html).toContain(`href="/settings/background-tasks/${mine.id}/download?encrypted=1"`);
    expect(html).toContain('Download encrypted');
    const other = await page(plain.browser);
    expect(other).toContain(`href="/settings/background-tasks/${theirs.id}/download"`);
    expect(other).not.toContain('Download encrypted');
  });

  it('streams a multi-chunk result encrypted to the key; it decrypts to the same bytes', async () => {
    const bytes = randomBytes(2_500_000);
    const task = await resultTask(keyed.id, bytes, 'Mitglieder März.csv');
    const { result } = await fetchDownload(keyed.browser, task.id, '?encrypted=1');
    expect(result?.status).toBe(200);
    expect(result?.headers.get('content-type')).toBe('application/octet-stream');
    expect(result?.headers.get('cache-control')).toBe('private, no-store');
    expect(result?.headers.get('content-length')).toBeNull();
    expect(result?.headers.get('content-disposition')).toBe(
      `attachment; filename="mitglieder-marz.csv.gpg"; filename*=UTF-8''Mitglieder%20M%C3%A4rz.csv.gpg`,
    );
    const encrypted = new Uint8Array(await result!.arrayBuffer());
    expect(Buffer.from(encrypted).includes(bytes.subarray(0, 64))).toBe(false);
    const { data, filename } = await decrypt(encrypted);
    expect(data.equals(bytes)).toBe(true);
    expect(filename).toBe('Mitglieder März.csv');

    // The plain link still gives the file as it is.
    const same = await fetchDownload(keyed.browser, task.id);
    expect(Buffer.from(await same.result!.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('encrypts an error report too', async () => {
    const db = await getDb();
    const task = await insertTask(db, { orgId, ownerUserId: keyed.id, name: 'staff.csv', action: 'users.import' });
    await db.update(tasks).set({ status: 'succeeded' }).where(eq(tasks.id, task.id));
    await db.insert(taskRowErrors).values({ taskId: task.id, row: 2, column: 'email', value: 'x', message: 'Bad.' });
    const plainReport = await (await fetchDownload(keyed.browser, task.id)).result!.text();
    const { result } = await fetchDownload(keyed.browser, task.id, '?encrypted=1');
    expect(result?.headers.get('content-disposition')).toContain('filename="staff-errors.csv.gpg"');
    const { data } = await decrypt(new Uint8Array(await result!.arrayBuffer()));
    expect(data.toString('utf8')).toBe(plainReport);
    expect(plainReport).toContain('Bad.');
  });

  it('answers 404 with a clear message to someone without a key, and for someone else’s task', async () => {
    const task = await resultTask(plain.id, new TextEncoder().encode('email\r\n'), 'p.csv');
    const { result } = await fetchDownload(plain.browser, task.id, '?encrypted=1');
    expect(result?.status).toBe(404);
    expect(await result?.text()).toMatch(/You have no encryption key/);
    const mine = await fetchDownload(keyed.browser, task.id, '?encrypted=1');
    expect(mine.result?.status).toBe(404);
    expect(await mine.result?.text()).not.toMatch(/encryption key/);
  });
});
