import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { removePhoto, removePhotoConfirmed, uploadPhoto } from '@/app/(account)/settings/profile/photo-actions';
import RemovePhotoPage from '@/app/(account)/settings/profile/photo/remove/page';
import { GET } from '@/app/files/[id]/route';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, files, organizations } from '@/db/schema';
import { revalidated } from '@/tests/shims/next-cache';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

const INVALID = 'Choose a JPG or PNG image of at most 5 MB.';
let orgId: string;
let eveOrgId: string;
let ada: { id: string; email: string };
let bob: { id: string; email: string };
let eve: { id: string; email: string };

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

/** Left half red, right half blue, so a test can tell which square was kept. */
function halves(width: number, height: number) {
  const left = sharp({ create: { width: Math.floor(width / 2), height, channels: 3, background: '#ff0000' } });
  return left
    .png()
    .toBuffer()
    .then((input) =>
      sharp({ create: { width, height, channels: 3, background: '#0000ff' } }).composite([{ input, left: 0, top: 0 }]),
    );
}

const file = (bytes: Buffer, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type });

async function pixel(data: Buffer, x: number, y: number): Promise<'red' | 'blue' | 'other'> {
  const raw = await sharp(data).raw().toBuffer({ resolveWithObject: true });
  const i = (y * raw.info.width + x) * raw.info.channels;
  const [r, , b] = [raw.data[i], raw.data[i + 1], raw.data[i + 2]];
  return r > 200 && b < 60 ? 'red' : b > 200 && r < 60 ? 'blue' : 'other';
}

async function storedPhoto(userId: string) {
  const { photoFileId } = await getUser(userId);
  if (!photoFileId) return null;
  const [row] = await (await getDb()).select().from(files).where(eq(files.id, photoFileId));
  return row;
}

async function fileCount() {
  return (await (await getDb()).select({ id: files.id }).from(files)).length;
}

async function expectRefused(fields: Record<string, string | Blob>, message = INVALID) {
  const browser = await signIn(ada.email);
  const before = await getUser(ada.id);
  const count = await fileCount();
  const outcome = await browser.action(uploadPhoto, fields);
  expect(outcome.result?.status).toBe('error');
  const said = [outcome.result?.message, ...Object.values(outcome.result?.fieldErrors ?? {}).flat()];
  expect(said).toContain(message);
  expect((await getUser(ada.id)).photoFileId).toBe(before.photoFileId);
  expect(await fileCount()).toBe(count);
}

beforeAll(async () => {
  const created = await createOrgWithUser({ orgName: 'Lovelace Ltd', email: 'ada@lovelace.test', role: 'member' });
  orgId = created.org.id;
  ada = created.user;
  bob = await addUser(orgId, { email: 'bob@lovelace.test' });
  const elsewhere = await createOrgWithUser({ orgName: 'Elsewhere', email: 'eve@elsewhere.test' });
  eve = elsewhere.user;
  eveOrgId = elsewhere.org.id;
});

beforeEach(() => {
  revalidated.length = 0;
});

describe('uploading a photo', () => {
  it('stores a PNG as 256 px and 64 px WebPs of the centre square (the path without JavaScript), with an audit entry', async () => {
    const browser = await signIn(ada.email);
    const png = await (await halves(600, 300)).png().toBuffer();
    const outcome = await browser.action(uploadPhoto, { photo: file(png, 'me.png', 'image/png') });
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Photo updated.' });

    const row = await storedPhoto(ada.id);
    expect(row).toMatchObject({ orgId, ownerUserId: ada.id, contentType: 'image/webp', url: null });
    const meta = await sharp(row!.data!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 256]);
    expect(row!.size).toBe(row!.data!.length);
    expect(await pixel(row!.data!, 30, 128)).toBe('red');
    expect(await pixel(row!.data!, 226, 128)).toBe('blue');
    const thumb = await sharp(row!.thumbData!).metadata();
    expect([thumb.format, thumb.width, thumb.height, thumb.exif]).toEqual(['webp', 64, 64, undefined]);
    expect(await pixel(row!.thumbData!, 8, 32)).toBe('red');
    expect(await pixel(row!.thumbData!, 56, 32)).toBe('blue');
    const [entry] = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'profile.photo_updated'), eq(auditLog.targetId, ada.id)));
    expect(entry.data).toMatchObject({ fileId: row!.id, crop: { x: 150, y: 0, size: 300 } });
    expect(revalidated).toContain('/');
  });

  it('stores a JPEG without its EXIF and deletes the photo it replaces', async () => {
    const browser = await signIn(ada.email);
    const previous = (await getUser(ada.id)).photoFileId!;
    const jpeg = await (
      await halves(400, 400)
    )
      .withExif({ IFD0: { Copyright: 'Secret Corp', Artist: 'Ada at home' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const outcome = await browser.action(uploadPhoto, { photo: file(jpeg, 'me.jpg', 'image/jpeg') });
    expect(outcome.result?.status).toBe('success');

    const row = await storedPhoto(ada.id);
    expect(row!.id).not.toBe(previous);
    const meta = await sharp(row!.data!).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(row!.data!.includes(Buffer.from('Secret Corp'))).toBe(false);
    expect(await (await getDb()).select().from(files).where(eq(files.id, previous))).toEqual([]);
  });

  it('turns an EXIF-rotated JPEG upright before cropping', async () => {
    const browser = await signIn(ada.email);
    // Stored 300×200 (red left, blue right) with orientation 6: shown 200×300, red on top.
    const jpeg = await (await halves(300, 200)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await browser.action(uploadPhoto, { photo: file(jpeg, 'phone.jpg', 'image/jpeg') })).result?.status).toBe(
      'success',
    );
    const row = await storedPhoto(ada.id);
    expect(await pixel(row!.data!, 64, 20)).toBe('red');
    expect(await pixel(row!.data!, 64, 236)).toBe('blue');
  });

  it('keeps the square chosen with the cropper, and pulls one outside the image back inside', async () => {
    const browser = await signIn(ada.email);
    const png = await (await halves(600, 300)).png().toBuffer();
    await browser.action(uploadPhoto, {
      photo: file(png, 'me.png', 'image/png'),
      cropX: '400',
      cropY: '50',
      cropSize: '150',
    });
    let row = await storedPhoto(ada.id);
    expect(await pixel(row!.data!, 10, 10)).toBe('blue');
    expect(await pixel(row!.data!, 245, 245)).toBe('blue');

    await browser.action(uploadPhoto, {
      photo: file(png, 'me.png', 'image/png'),
      cropX: '99999',
      cropY: '99999',
      cropSize: '99999',
    });
    row = await storedPhoto(ada.id);
    const entries = await (await getDb()).select().from(auditLog).where(eq(auditLog.action, 'profile.photo_updated'));
    expect(entries.find((e) => e.data.fileId === row!.id)?.data.crop).toEqual({ x: 300, y: 0, size: 300 });
  });

  it('refuses crop fields that are negative, not numbers, zero or incomplete, writing nothing', async () => {
    const png = await (await halves(60, 40)).png().toBuffer();
    const photo = file(png, 'me.png', 'image/png');
    const invalidCrop = 'The crop area is not valid. Choose the image again.';
    await expectRefused({ photo, cropX: '-5', cropY: '0', cropSize: '20' }, invalidCrop);
    await expectRefused({ photo, cropX: 'abc', cropY: '0', cropSize: '20' }, invalidCrop);
    await expectRefused({ photo, cropX: '0', cropY: '0', cropSize: '0' }, invalidCrop);
    await expectRefused({ photo, cropX: '10' }, invalidCrop);
  });

  it('judges the content, not the name or declared type: text, GIF and WebP are refused', async () => {
    await expectRefused({ photo: file(Buffer.from('hello, I am text'), 'photo.png', 'image/png') });
    const gif = await (await halves(20, 20)).gif().toBuffer();
    await expectRefused({ photo: file(gif, 'photo.png', 'image/png') });
    const webp = await (await halves(20, 20)).webp().toBuffer();
    await expectRefused({ photo: file(webp, 'photo.jpg', 'image/jpeg') });
  });

  it('refuses a file over 5 MB by its size, before reading it', async () => {
    const png = await (await halves(20, 20)).png().toBuffer();
    const big = Buffer.concat([png, Buffer.alloc(6 * 1024 * 1024 - png.length)]);
    class Unread extends File {
      override arrayBuffer(): Promise<ArrayBuffer> {
        throw new Error('the bytes were read');
      }
    }
    await expectRefused({ photo: new Unread([new Uint8Array(big)], 'big.png', { type: 'image/png' }) });
  });

  it('asks for a file when none was chosen', async () => {
    await expectRefused({}, 'Choose an image to upload.');
  });
});

describe('removing a photo and other people’s ids', () => {
  it('cannot touch another user’s file by posting its id', async () => {
    const bobBrowser = await signIn(bob.email);
    const png = await (await halves(40, 40)).png().toBuffer();
    await bobBrowser.action(uploadPhoto, { photo: file(png, 'bob.png', 'image/png') });
    const bobFile = (await getUser(bob.id)).photoFileId!;
    expect(bobFile).toBeTruthy();

    const browser = await signIn(ada.email);
    const adaFile = (await getUser(ada.id)).photoFileId;
    const ids = { userId: bob.id, fileId: bobFile, photoFileId: bobFile, id: bobFile };
    expect((await browser.action(removePhoto, ids)).result?.status).toBe('success');
    expect((await getUser(bob.id)).photoFileId).toBe(bobFile);
    expect(await (await getDb()).select({ id: files.id }).from(files).where(eq(files.id, bobFile))).toHaveLength(1);
    expect(await (await getDb()).select({ id: files.id }).from(files).where(eq(files.id, adaFile!))).toHaveLength(0);

    await browser.action(uploadPhoto, { ...ids, photo: file(png, 'ada.png', 'image/png') });
    expect((await getUser(bob.id)).photoFileId).toBe(bobFile);
    expect((await storedPhoto(bob.id))?.ownerUserId).toBe(bob.id);
    expect((await storedPhoto(ada.id))?.ownerUserId).toBe(ada.id);
  });

  it('cannot touch another organization’s user, file or audit log by posting their ids', async () => {
    const db = await getDb();
    const png = await (await halves(40, 40)).png().toBuffer();
    expect(
      (await (await signIn(eve.email)).action(uploadPhoto, { photo: file(png, 'eve.png', 'image/png') })).result
        ?.status,
    ).toBe('success');
    const eveFile = (await getUser(eve.id)).photoFileId!;
    expect(eveFile).toBeTruthy();
    const bobFile = (await getUser(bob.id)).photoFileId!;

    const browser = await signIn(ada.email);
    const snapshot = async () => {
      const [eveRow, bobRow, orgs, foreignFiles, foreignAudit] = await Promise.all([
        getUser(eve.id),
        getUser(bob.id),
        db.select().from(organizations),
        db.select().from(files).where(eq(files.orgId, eveOrgId)),
        db.select().from(auditLog).where(eq(auditLog.orgId, eveOrgId)),
      ]);
      const bobStored = await db.select().from(files).where(eq(files.id, bobFile));
      return {
        eveRow,
        bobRow,
        orgs: orgs.sort((a, b) => a.id.localeCompare(b.id)),
        foreignFiles,
        foreignAudit,
        bobStored,
      };
    };
    const before = await snapshot();
    expect(before.foreignFiles.map((f) => f.id)).toEqual([eveFile]);

    const ids = {
      userId: eve.id,
      ownerUserId: eve.id,
      orgId: eveOrgId,
      fileId: eveFile,
      photoFileId: eveFile,
      id: bob.id,
    };
    expect(
      (await browser.action(uploadPhoto, { ...ids, photo: file(png, 'ada.png', 'image/png') })).result?.status,
    ).toBe('success');
    const uploaded = await storedPhoto(ada.id);
    expect(uploaded).toMatchObject({ orgId, ownerUserId: ada.id });
    expect(await snapshot()).toEqual(before);

    expect((await browser.action(removePhoto, ids)).result?.status).toBe('success');
    expect((await getUser(ada.id)).photoFileId).toBeNull();
    expect(await db.select({ id: files.id }).from(files).where(eq(files.id, uploaded!.id))).toHaveLength(0);
    expect(await snapshot()).toEqual(before);

    // Nothing of Ada's left to remove: Eve's photo is still not taken in its place.
    expect((await browser.action(removePhoto, ids)).result?.status).toBe('success');
    expect(await snapshot()).toEqual(before);

    await browser.action(uploadPhoto, { photo: file(png, 'ada.png', 'image/png') });
    expect((await storedPhoto(ada.id))?.ownerUserId).toBe(ada.id);
  });

  it('removes the photo: the row goes, initials come back, the audit log says so', async () => {
    const browser = await signIn(ada.email);
    const fileId = (await getUser(ada.id)).photoFileId!;
    const outcome = await browser.action(removePhoto, {});
    expect(outcome.result).toMatchObject({ status: 'success', message: 'Photo removed.' });
    expect((await getUser(ada.id)).photoFileId).toBeNull();
    expect(await (await getDb()).select().from(files).where(eq(files.id, fileId))).toEqual([]);
    const removals = async () =>
      (await getDb()).select().from(auditLog).where(eq(auditLog.action, 'profile.photo_removed'));
    const entries = await removals();
    expect(entries.filter((e) => e.data.fileId === fileId).map((e) => e.targetId)).toEqual([ada.id]);
    expect(revalidated).toContain('/');

    // Nothing left to remove: still a calm success, and no second audit entry.
    expect((await browser.action(removePhoto, {})).result?.status).toBe('success');
    expect(await removals()).toHaveLength(entries.length);
  });
});

describe('an image under the recommended 200 × 200 pixels', () => {
  it('is saved all the same, enlarged, and the answer warns about its size', async () => {
    const browser = await signIn(ada.email);
    const small = await (await halves(150, 120)).png().toBuffer();
    const outcome = await browser.action(uploadPhoto, { photo: file(small, 'small.png', 'image/png') });
    expect(outcome.result).toMatchObject({
      status: 'success',
      message:
        'Photo updated. The image is only 150 × 120 pixels, so it may look blurry: 200 × 200 pixels or larger is recommended.',
      values: { warning: 'small' },
    });
    const row = await storedPhoto(ada.id);
    const meta = await sharp(row!.data!).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);
  });

  it('counts the shorter side: 199 pixels warns, 200 does not', async () => {
    const browser = await signIn(ada.email);
    const narrow = await (await halves(800, 199)).png().toBuffer();
    expect((await browser.action(uploadPhoto, { photo: file(narrow, 'n.png', 'image/png') })).result?.values).toEqual({
      warning: 'small',
    });
    const enough = await (await halves(200, 200)).jpeg().toBuffer();
    const outcome = await browser.action(uploadPhoto, { photo: file(enough, 'e.jpg', 'image/jpeg') });
    expect(outcome.result).toEqual({ status: 'success', message: 'Photo updated.' });
  });
});

describe('the confirmation step of "Remove photo" without JavaScript', () => {
  it('removes the photo only when confirmed there, then returns to the editor, which says so', async () => {
    const browser = await signIn(ada.email);
    const png = await (await halves(400, 400)).png().toBuffer();
    await browser.action(uploadPhoto, { photo: file(png, 'ada.png', 'image/png') });
    const fileId = (await getUser(ada.id)).photoFileId!;
    expect(fileId).not.toBeNull();

    // Opening the page asks; it changes nothing.
    const page = await browser.run(() => RemovePhotoPage());
    expect(page.redirect).toBeUndefined();
    expect((await getUser(ada.id)).photoFileId).toBe(fileId);

    const outcome = await browser.run(() => removePhotoConfirmed(toFormData({ userId: bob.id })));
    expect(outcome.redirect).toBe('/settings/profile/photo');
    expect(browser.flash).toMatchObject({ status: 'success', key: 'photo.removed' });
    expect((await getUser(ada.id)).photoFileId).toBeNull();
    expect(await (await getDb()).select().from(files).where(eq(files.id, fileId))).toEqual([]);
    const [entry] = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'profile.photo_removed'), eq(auditLog.targetId, ada.id)));
    expect(entry).toBeDefined();
    expect(revalidated).toContain('/');

    // With no photo left, the confirmation page sends back to the editor.
    expect((await browser.run(() => RemovePhotoPage())).redirect).toBe('/settings/profile/photo');
  });

  it('needs a session', async () => {
    const outcome = await new TestClient().run(() => removePhotoConfirmed(toFormData({})));
    expect(outcome.redirect).toBe('/sign-in');
  });
});

describe('GET /files/<id>', () => {
  const get = (browser: TestClient, id: string, headers?: Record<string, string>, query = '') =>
    browser.run(() =>
      GET(new Request(`http://localhost:3000/files/${id}${query}`, { headers }), { params: Promise.resolve({ id }) }),
    );

  it('serves the bytes to members of the organization with immutable caching', async () => {
    const bobFile = (await getUser(bob.id)).photoFileId!;
    const [row] = await (await getDb()).select().from(files).where(eq(files.id, bobFile));
    const browser = await signIn(ada.email);
    const response = (await get(browser, bobFile)).result!;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = response.headers.get('etag');
    expect(etag).toBe(`"${bobFile}"`);
    expect(Buffer.from(await response.arrayBuffer()).equals(row.data!)).toBe(true);

    const again = (await get(browser, bobFile, { 'if-none-match': etag! })).result!;
    expect(again.status).toBe(304);
  });

  it('serves the 64 px variant for ?size=64, with its own ETag', async () => {
    const bobFile = (await getUser(bob.id)).photoFileId!;
    const [row] = await (await getDb()).select().from(files).where(eq(files.id, bobFile));
    const browser = await signIn(ada.email);
    const response = (await get(browser, bobFile, undefined, '?size=64')).result!;
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${bobFile}-thumb"`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(row.thumbData!)).toBe(true);
    expect((await sharp(bytes).metadata()).width).toBe(64);
    // Any other size is the full image.
    expect((await get(browser, bobFile, undefined, '?size=9999')).result!.headers.get('etag')).toBe(`"${bobFile}"`);
    expect((await get(await signIn(eve.email), bobFile, undefined, '?size=64')).result!.status).toBe(404);
  });

  it('answers 404 for an unknown or malformed id, another organization, and a signed-out visitor', async () => {
    const bobFile = (await getUser(bob.id)).photoFileId!;
    const browser = await signIn(ada.email);
    for (const id of [crypto.randomUUID(), 'not-a-uuid', "1' or '1'='1"]) {
      const response = (await get(browser, id)).result!;
      expect(response.status).toBe(404);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
    }
    const outsider = await signIn(eve.email);
    expect((await get(outsider, bobFile)).result!.status).toBe(404);
    expect((await get(new TestClient(), bobFile)).result!.status).toBe(404);
  });

  it('sends UploadThing files to their URL', async () => {
    const db = await getDb();
    const [row] = await db
      .insert(files)
      .values({
        orgId,
        ownerUserId: ada.id,
        contentType: 'image/webp',
        size: 10,
        data: null,
        url: 'https://app1.ufs.sh/f/abc',
      })
      .returning();
    const response = (await get(await signIn(ada.email), row.id)).result!;
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://app1.ufs.sh/f/abc');
  });
});
