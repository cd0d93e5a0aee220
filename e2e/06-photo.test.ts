import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import {
  fieldErrors,
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
import {
  headingOf,
  hydrated,
  jsOn,
  openProfileMenu,
  screenshot,
  signedInPage,
  useBrowser,
  waitForPath,
} from './support/browser';
import { usePerson } from './support/fixtures';

// One person's photo, in order: the last test removes what the first ones uploaded.
useBrowser();
const HEDY = usePerson('Hedy', 'Lamarr');
const INITIALS = HEDY.firstName[0] + HEDY.lastName[0];

const EDITOR = '/settings/profile/photo';
const INVALID_FILE = 'Choose a JPG or PNG image of at most 5 MB.';
const RECOMMENDED = 'Recommended: 200 × 200 pixels or larger.';

const photoCard = (page: Page) => page.locator('#photo-title').locator('xpath=ancestor::section');
const fileField = (page: Page) => page.getByLabel('Upload photo', { exact: true });

async function choose(page: Page, file: UploadFile): Promise<void> {
  // With JavaScript the chosen file is checked and cropped in the page, once it has hydrated.
  await hydrated(page);
  await fileField(page).setInputFiles(onDisk(file));
}

/** Chooses the file, keeps the cropper's centred square (with JavaScript) and saves. */
async function upload(page: Page, file: UploadFile, side = 600): Promise<void> {
  await choose(page, file);
  if (jsOn) {
    // The cropper replaces the avatar at once; its default is the centred square, which we keep.
    await page.getByRole('group', { name: /^Crop area/ }).waitFor();
    expect(Number(await page.locator('input[name="cropSize"]').inputValue())).toBe(side);
  }
  await submit(page, page.getByRole('button', { name: 'Save', exact: true }));
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
  await page.goto(EDITOR);
  await choose(page, file);
  if (jsOn) {
    // Checked in the browser as soon as it is chosen; there is nothing to save.
    await poll(() => fieldErrors(page, 'photo-file')).toContain(INVALID_FILE);
    expect(await page.getByRole('group', { name: /^Crop area/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
  } else {
    await submit(page, page.getByRole('button', { name: 'Save', exact: true }));
    await poll(() => fieldErrors(page, 'photo-file')).toContain(INVALID_FILE);
    expect(await messagesIn(photoCard(page), 'alert')).toContain(INVALID_FILE);
  }
  expect(await fileField(page).getAttribute('aria-invalid')).toBe('true');
  expect(await messagesIn(photoCard(page), 'status')).toBe('');
  await page.goto(EDITOR);
  expect(await headerAvatarSrc(page)).toBe(before);
}

describe('profile photo', () => {
  test('the avatar opens the photo editor, on the profile page and in the profile menu', async () => {
    const { page } = await signedInPage(HEDY);
    await photoCard(page)
      .getByRole('link', { name: /^Change photo\./ })
      .click();
    await waitForPath(page, EDITOR);
    expect(await headingOf(page)).toBe('Profile photo');
    expect(await photoCard(page).innerText()).toContain(RECOMMENDED);
    // Without a photo there is nothing to remove.
    expect(
      await page
        .getByRole('link', { name: 'Remove photo' })
        .or(page.getByRole('button', { name: 'Remove photo' }))
        .count(),
    ).toBe(0);

    await page.goto('/settings/general');
    const menu = await openProfileMenu(page);
    await menu.getByRole('link', { name: 'Change photo', exact: true }).click();
    await waitForPath(page, EDITOR);
    expect(await headingOf(page)).toBe('Profile photo');
    await screenshot(page, 'photo-editor');
  });

  test('a PNG and then a JPG become the header avatar, served as WebP', async () => {
    const { page } = await signedInPage(HEDY);
    await page.goto(EDITOR);
    expect(await headerAvatarSrc(page), 'initials before any upload').toBeNull();

    await upload(page, await imageFile('png'));
    await poll(() => messagesIn(photoCard(page), 'status')).toContain('Photo updated.');
    const first = await newAvatarUrl(page, null);
    await expectWebp(page, first);

    await upload(page, await imageFile('jpeg'));
    await poll(() => messagesIn(photoCard(page), 'status')).toContain('Photo updated.');
    const second = await newAvatarUrl(page, first);
    await expectWebp(page, second);
    // The editor shows the same file as the header, at its full 256 px, and so does the profile.
    const full = second.replace('?size=64', '');
    expect(await photoCard(page).locator('img').first().getAttribute('src')).toBe(full);
    await expectWebp(page, full);
    await page.goto('/settings/profile');
    expect(await photoCard(page).locator('img').first().getAttribute('src')).toBe(full);
    // A replaced photo is deleted, not left behind.
    expect((await page.request.get(first)).status()).toBe(404);
    await screenshot(page, 'profile-photo');
  });

  test('an image dropped onto the upload area is cropped and saved (with JavaScript)', async () => {
    if (!jsOn) return;
    const { page } = await signedInPage(HEDY);
    await page.goto(EDITOR);
    const before = await headerAvatarSrc(page);
    const png = await imageFile('png', 500, 400);
    const transfer = await page.evaluateHandle(
      ({ base64, name }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, { type: 'image/png' }));
        return data;
      },
      { base64: png.buffer.toString('base64'), name: png.name },
    );
    const zone = page.locator('[data-drop-zone]');
    // The zone takes drops once the page has hydrated, which may come after the load event.
    await hydrated(page);
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await poll(() => zone.innerText()).toContain('Drop the image to use it.');
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    await page.getByRole('group', { name: /^Crop area/ }).waitFor();
    expect(Number(await page.locator('input[name="cropSize"]').inputValue())).toBe(400);
    // Zoomed in: a smaller square is sent.
    await page.getByLabel('Zoom', { exact: true }).evaluate((el: HTMLInputElement) => {
      // A range input cannot be filled; set it as a drag of its thumb would.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, '2');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(Number(await page.locator('input[name="cropSize"]').inputValue())).toBe(200);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await poll(() => messagesIn(photoCard(page), 'status')).toContain('Photo updated.');
    await newAvatarUrl(page, before);
  });

  test('an image under 200 × 200 pixels is saved, with a warning', async () => {
    const { page } = await signedInPage(HEDY);
    await page.goto(EDITOR);
    const before = await headerAvatarSrc(page);
    const small = await imageFile('png', 150, 120);
    await choose(page, small);
    if (jsOn) {
      // Said as soon as it is chosen, without refusing it.
      await poll(() => page.locator('#photo-file-warning').innerText()).toContain(
        'This image is 150 × 120 pixels, smaller than the recommended 200 × 200',
      );
      expect(await fieldErrors(page, 'photo-file')).toBe('');
      expect(Number(await page.locator('input[name="cropSize"]').inputValue())).toBe(120);
    }
    await submit(page, page.getByRole('button', { name: 'Save', exact: true }));
    await poll(() => messagesIn(photoCard(page), 'status')).toContain(
      'Photo updated. The image is only 150 × 120 pixels, so it may look blurry',
    );
    expect(await messagesIn(photoCard(page), 'alert')).toBe('');
    await newAvatarUrl(page, before);
    await screenshot(page, 'photo-small');
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

  test('Remove photo asks first (a dialog, or a page without JavaScript), then brings the initials back', async () => {
    const { page } = await signedInPage(HEDY);
    await page.goto(EDITOR);
    const before = await headerAvatarSrc(page);
    expect(before).not.toBeNull();

    if (jsOn) {
      const dialog = page.getByRole('dialog', { name: 'Remove photo?' });
      // Cancel keeps the photo.
      await page.getByRole('button', { name: 'Remove photo', exact: true }).click();
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain('The photo is deleted and initials are shown instead.');
      expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(
        true,
      );
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await headerAvatarSrc(page)).toBe(before);

      await page.getByRole('button', { name: 'Remove photo', exact: true }).click();
      await screenshot(page, 'photo-remove-dialog');
      await dialog.getByRole('button', { name: 'Remove photo', exact: true }).click();
    } else {
      await page.getByRole('link', { name: 'Remove photo', exact: true }).click();
      await waitForPath(page, `${EDITOR}/remove`);
      expect(await headingOf(page)).toBe('Remove photo?');
      await page.getByRole('link', { name: 'Cancel', exact: true }).click();
      await waitForPath(page, EDITOR);
      expect(await headerAvatarSrc(page)).toBe(before);

      await page.getByRole('link', { name: 'Remove photo', exact: true }).click();
      await waitForPath(page, `${EDITOR}/remove`);
      await screenshot(page, 'photo-remove-page');
      await page.getByRole('button', { name: 'Remove photo', exact: true }).click();
      await waitForPath(page, EDITOR);
    }
    await poll(() => messagesIn(page.locator('main'), 'status')).toContain('Photo removed.');
    await poll(() => headerAvatarSrc(page)).toBeNull();
    expect(await page.locator('header details summary').innerText()).toContain(INITIALS);
    expect(await photoCard(page).innerText()).not.toContain('Remove photo');
    expect((await page.request.get(before!)).status()).toBe(404);
    await page.goto('/settings/profile');
    expect(await photoCard(page).innerText()).toContain('No photo yet; your initials are shown.');
    expect(await photoCard(page).innerText()).toContain(INITIALS);
  });
});
