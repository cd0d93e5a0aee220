import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import {
  fieldErrors,
  formWith,
  headerAvatarSrc,
  imageFile,
  messagesIn,
  onDisk,
  oversizedPng,
  poll,
  submit,
  textAsPng,
  type UploadFile,
} from './support/account';
import { jsOn, screenshot, signedInPage, useBrowser } from './support/browser';
import { usePerson } from './support/fixtures';

// One person's photo, in order: the last test removes what the first one uploaded.
useBrowser();
const HEDY = usePerson('Hedy', 'Lamarr');
const INITIALS = HEDY.firstName[0] + HEDY.lastName[0];

const INVALID_FILE = 'Choose a JPG or PNG image of at most 5 MB.';

const photoCard = (page: Page) => page.locator('#photo-title').locator('xpath=ancestor::section');

async function choose(page: Page, file: UploadFile): Promise<void> {
  await page.getByLabel('Choose an image', { exact: true }).setInputFiles(onDisk(file));
}

async function upload(page: Page, file: UploadFile): Promise<void> {
  await choose(page, file);
  if (jsOn) {
    // The cropper replaces the avatar at once; its default is the centred square, which we keep.
    await page.getByRole('group', { name: /^Crop area/ }).waitFor();
    expect(Number(await page.locator('input[name="cropSize"]').inputValue())).toBe(600);
  }
  await submit(page, formWith(page, 'Upload photo').getByRole('button', { name: 'Upload photo' }));
}

/** The header avatar's URL once it points at a stored file other than `previous`. */
async function newAvatarUrl(page: Page, previous: string | null): Promise<string> {
  await poll(() => headerAvatarSrc(page)).not.toBe(previous);
  const src = await headerAvatarSrc(page);
  // The header shows a 32 px avatar: the 64 px variant.
  expect(src).toMatch(/^\/files\/[\w-]+\?size=64$/);
  return src!;
}

async function expectWebp(page: Page, url: string): Promise<void> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  expect(res.headers()['content-type']).toBe('image/webp');
  const body = await res.body();
  expect(body.subarray(0, 4).toString('latin1') + body.subarray(8, 12).toString('latin1')).toBe('RIFFWEBP');
}

/** A refused file: the field says why, the page says nothing went well, the avatar stays. */
async function expectRefused(page: Page, file: UploadFile, before: string | null): Promise<void> {
  await choose(page, file);
  if (jsOn) {
    // Checked in the browser as soon as it is chosen; a click on Upload then posts nothing.
    await poll(() => fieldErrors(page, 'photo-file')).toContain(INVALID_FILE);
    expect(await page.getByRole('group', { name: /^Crop area/ }).count()).toBe(0);
  }
  await submit(page, page.getByRole('button', { name: 'Upload photo', exact: true }));
  await poll(() => fieldErrors(page, 'photo-file')).toContain(INVALID_FILE);
  expect(await page.getByLabel('Choose an image', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  if (!jsOn) expect(await messagesIn(photoCard(page), 'alert')).toContain(INVALID_FILE);
  expect(await messagesIn(photoCard(page), 'status')).toBe('');
  await page.goto('/settings/profile');
  expect(await headerAvatarSrc(page)).toBe(before);
}

describe('profile photo', () => {
  test('a PNG and then a JPG become the header avatar, served as WebP', async () => {
    const { page } = await signedInPage(HEDY);
    expect(await headerAvatarSrc(page), 'initials before any upload').toBeNull();

    await upload(page, await imageFile('png'));
    await poll(() => messagesIn(photoCard(page), 'status')).toContain('Photo updated.');
    const first = await newAvatarUrl(page, null);
    await expectWebp(page, first);

    await upload(page, await imageFile('jpeg'));
    await poll(() => messagesIn(photoCard(page), 'status')).toContain('Photo updated.');
    const second = await newAvatarUrl(page, first);
    await expectWebp(page, second);
    // The photo card shows the same file as the header, at its full 256 px.
    const full = second.replace('?size=64', '');
    expect(await photoCard(page).locator('img').first().getAttribute('src')).toBe(full);
    await expectWebp(page, full);
    // A replaced photo is deleted, not left behind.
    expect((await page.request.get(first)).status()).toBe(404);
    await screenshot(page, 'profile-photo');
  });

  test('a text file named photo.png is refused and nothing changes', async () => {
    const { page } = await signedInPage(HEDY);
    await expectRefused(page, textAsPng(), await headerAvatarSrc(page));
  });

  test('a 6 MB image is refused with the 5 MB message', async () => {
    const { page } = await signedInPage(HEDY);
    await expectRefused(page, await oversizedPng(), await headerAvatarSrc(page));
  });

  test('a 12 MB image, over the form size limit, is refused with the same message', async () => {
    const { page } = await signedInPage(HEDY);
    await expectRefused(page, await oversizedPng(12), await headerAvatarSrc(page));
  });

  test('Remove photo brings the initials back', async () => {
    const { page } = await signedInPage(HEDY);
    const before = await headerAvatarSrc(page);
    expect(before).not.toBeNull();
    await submit(page, page.getByRole('button', { name: 'Remove photo', exact: true }));
    await poll(() => messagesIn(photoCard(page), 'status')).toContain('Photo removed.');
    await poll(() => headerAvatarSrc(page)).toBeNull();
    expect(await page.locator('header details summary').innerText()).toContain(INITIALS);
    expect(await photoCard(page).innerText()).toContain('No photo yet; your initials are shown.');
    expect(await page.getByRole('button', { name: 'Remove photo', exact: true }).count()).toBe(0);
    expect((await page.request.get(before!)).status()).toBe(404);
  });
});
