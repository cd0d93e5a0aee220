import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { UTApi } from 'uploadthing/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { getDb } from '@/db';
import { files, organizations } from '@/db/schema';
import { useTestDatabase } from '@/tests/support/database';

import { deleteImages, imageBackend, isFileId, readImage, saveImage } from './storage';
import { deleteFromUploadThing, uploadToUploadThing } from './uploadthing-store';

useTestDatabase();

type Seen = { method: string; path: string; query: URLSearchParams; body: Buffer };

/** Just enough of UploadThing's ingest (PUT /<key>) and API (POST /v6/deleteFiles), on loopback. */
function fakeUploadThing() {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, body: Buffer.concat(chunks) });
    res.setHeader('content-type', 'application/json');
    if (url.pathname.startsWith('/down/')) {
      res.statusCode = 500;
      res.end('{}');
    } else if (req.method === 'PUT') {
      const fileUrl = `https://app1.ufs.sh/f${url.pathname}`;
      res.end(JSON.stringify({ url: fileUrl, ufsUrl: fileUrl, appUrl: fileUrl, fileHash: 'hash' }));
    } else if (url.pathname === '/v6/deleteFiles') {
      const { customIds } = JSON.parse(Buffer.concat(chunks).toString()) as { customIds: string[] };
      res.end(JSON.stringify({ success: true, deletedCount: customIds.length }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  return { server, seen };
}

const token = Buffer.from(JSON.stringify({ apiKey: 'sk_test_0123456789', appId: 'app1', regions: ['fra1'] })).toString(
  'base64',
);
const fake = fakeUploadThing();
let base = '';
let orgId = '';
const webp = (size: number) => ({ size, contentType: 'image/webp', data: Buffer.from(`webp-${size}`) });

beforeAll(async () => {
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  const [org] = await (await getDb()).insert(organizations).values({ name: 'Storage Org' }).returning();
  orgId = org.id;
  // The SDK warns about its own deprecated fields on every upload.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterAll(() => {
  fake.server.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
  fake.seen.length = 0;
});

describe('choosing the store', () => {
  it('uses UploadThing only when a token is set', () => {
    expect(imageBackend({})).toBe('database');
    expect(imageBackend({ UPLOADTHING_TOKEN: '  ' })).toBe('database');
    expect(imageBackend({ UPLOADTHING_TOKEN: token })).toBe('uploadthing');
  });

  it('accepts only uuids as file ids', () => {
    expect(isFileId(crypto.randomUUID())).toBe(true);
    expect(isFileId("1' or 1=1")).toBe(false);
  });
});

describe('the PostgreSQL store', () => {
  it('keeps the largest and the smallest variant in one row, reads either back within the org, deletes it', async () => {
    const db = await getDb();
    const { id } = await saveImage({ orgId, ownerUserId: null, variants: [webp(64), webp(128), webp(256)] }, db);
    const stored = await readImage(db, { orgId, id });
    expect(stored).toMatchObject({ contentType: 'image/webp', size: 8, url: null, variant: 'full' });
    expect(stored?.data?.toString()).toBe('webp-256');
    const thumb = await readImage(db, { orgId, id, size: 'thumb' });
    expect(thumb).toMatchObject({ variant: 'thumb', url: null });
    expect(thumb?.data?.toString()).toBe('webp-64');
    expect(await readImage(db, { orgId: crypto.randomUUID(), id, size: 'thumb' })).toBeNull();
    expect(await readImage(db, { orgId: crypto.randomUUID(), id })).toBeNull();
    expect(await readImage(db, { orgId, id: 'not-a-uuid' })).toBeNull();

    const other = await deleteImages(db, { orgId: crypto.randomUUID(), ids: [id] });
    expect(other.deleted).toEqual([]);
    const done = await deleteImages(db, { orgId, ids: [id, 'junk'] });
    expect(done.deleted).toEqual([id]);
    await done.afterCommit();
    expect(fake.seen).toEqual([]);
    expect(await db.select().from(files).where(eq(files.id, id))).toEqual([]);
  });

  it('answers a thumbnail request with the full image when there is no thumbnail', async () => {
    const db = await getDb();
    const { id } = await saveImage({ orgId, ownerUserId: null, variants: [webp(256)] }, db);
    const thumb = await readImage(db, { orgId, id, size: 'thumb' });
    expect(thumb).toMatchObject({ variant: 'full' });
    expect(thumb?.data?.toString()).toBe('webp-256');
  });
});

describe('the UploadThing store', () => {
  it('uploads under our id and deletes by that id (client given directly)', async () => {
    const api = new UTApi({ token, apiUrl: base, ingestUrl: base, logLevel: 'Error' });
    const id = crypto.randomUUID();
    const url = await uploadToUploadThing({ id, data: Buffer.from('bytes'), contentType: 'image/webp' }, api);
    expect(url).toMatch(/^https:\/\/app1\.ufs\.sh\/f\/.+/);
    expect(fake.seen[0].method).toBe('PUT');
    expect(fake.seen[0].query.get('x-ut-custom-id')).toBe(id);
    expect(fake.seen[0].query.get('x-ut-file-name')).toBe(`${id}.webp`);
    expect(fake.seen[0].body.includes(Buffer.from('bytes'))).toBe(true);

    await deleteFromUploadThing([id], api);
    expect(fake.seen[1].path).toBe('/v6/deleteFiles');
    expect(JSON.parse(fake.seen[1].body.toString())).toEqual({ customIds: [id] });
  });

  it('is picked by UPLOADTHING_TOKEN: the row keeps the URL and no bytes', async () => {
    vi.stubEnv('UPLOADTHING_TOKEN', token);
    vi.stubEnv('UPLOADTHING_API_URL', base);
    vi.stubEnv('UPLOADTHING_INGEST_URL', base);
    const db = await getDb();
    const { id } = await saveImage({ orgId, ownerUserId: null, variants: [webp(256), webp(64)] }, db);
    const [row] = await db.select().from(files).where(eq(files.id, id));
    expect(row.data).toBeNull();
    expect(row.thumbData).toBeNull();
    expect(row.url).toMatch(/^https:\/\/app1\.ufs\.sh\/f\//);
    expect(row.thumbUrl).toMatch(/^https:\/\/app1\.ufs\.sh\/f\//);
    expect(row.thumbUrl).not.toBe(row.url);
    expect(row.size).toBe(8);
    const uploads = fake.seen.filter((s) => s.method === 'PUT');
    expect(uploads.map((u) => u.query.get('x-ut-custom-id'))).toEqual([id, `${id}-thumb`]);
    expect(uploads[1].body.includes(Buffer.from('webp-64'))).toBe(true);
    expect((await readImage(db, { orgId, id, size: 'thumb' }))?.url).toBe(row.thumbUrl);

    const { afterCommit } = await deleteImages(db, { orgId, ids: [id] });
    expect(fake.seen.map((s) => s.path)).not.toContain('/v6/deleteFiles');
    await afterCommit();
    expect(JSON.parse(fake.seen.at(-1)!.body.toString())).toEqual({ customIds: [id, `${id}-thumb`] });
  });

  it('writes no row when the upload fails', async () => {
    vi.stubEnv('UPLOADTHING_TOKEN', token);
    vi.stubEnv('UPLOADTHING_INGEST_URL', `${base}/down`);
    const db = await getDb();
    const before = (await db.select({ id: files.id }).from(files)).length;
    await expect(saveImage({ orgId, ownerUserId: null, variants: [webp(256)] }, db)).rejects.toThrow(/UploadThing/);
    expect((await db.select({ id: files.id }).from(files)).length).toBe(before);
  });
});
