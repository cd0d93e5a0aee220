import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';

import { dataDir, jsOn, openProfileMenu, signIn, waitForPath, type Credentials } from './browser';

/**
 * expect.poll with room for a server round trip: the default second is too short for a post,
 * a revalidation and a re-render on a busy machine running two servers and argon2.
 */
export function poll<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 10_000, interval: 100 });
}

/** The form that holds the submit button `name`: several forms on a page share field labels. */
export function formWith(page: Page, name: string): Locator {
  return page.locator('form').filter({ has: page.getByRole('button', { name, exact: true }) });
}

/**
 * Clicks a submit button and waits until the answer is on screen. Without JavaScript the post
 * replaces the document, so the old page (and its old messages) must be gone before reading on.
 */
export async function submit(page: Page, button: Locator): Promise<void> {
  if (jsOn) {
    await button.click();
    return;
  }
  await Promise.all([page.waitForEvent('framenavigated'), button.click()]);
  await page.waitForLoadState('load');
}

/** What a form (or any scope) announces: success in role=status, failure in role=alert. */
export async function messagesIn(scope: Locator, role: 'status' | 'alert'): Promise<string> {
  return (await scope.getByRole(role).allInnerTexts()).join('\n');
}

/** The error list under a field, by the field's id (Field renders it as `<id>-error`). */
export async function fieldErrors(page: Page, id: string): Promise<string> {
  return (await page.locator(`[id="${id}-error"]`).allInnerTexts()).join('\n');
}

export async function signOut(page: Page): Promise<void> {
  const menu = await openProfileMenu(page);
  await menu.getByRole('button', { name: 'Sign out' }).click();
  await waitForPath(page, '/sign-in');
}

/** The header avatar's status label, e.g. "Status: Online" (the dot's colour is never the only signal). */
export async function headerStatus(page: Page): Promise<{ label: string | null; dotClass: string }> {
  const badge = page.locator('header details summary span[title]').first();
  return {
    label: await badge.getAttribute('title'),
    // The initials are aria-hidden too and come first; the dot is the last such child.
    dotClass: (await badge.locator(':scope > span[aria-hidden]').last().getAttribute('class')) ?? '',
  };
}

/** The header avatar's <img> src, or null while it shows initials. */
export async function headerAvatarSrc(page: Page): Promise<string | null> {
  const img = page.locator('header details summary img');
  return (await img.count()) ? img.first().getAttribute('src') : null;
}

// ---------------------------------------------------------------- images, made per run

export type UploadFile = { name: string; mimeType: string; buffer: Buffer };

/** A real photo-like image: a gradient, so encoders have something to chew on. */
export async function imageFile(format: 'png' | 'jpeg', width = 800, height = 600): Promise<UploadFile> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d4ed8"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#fff"/></svg>`;
  const image = sharp(Buffer.from(svg));
  const buffer = format === 'png' ? await image.png().toBuffer() : await image.jpeg({ quality: 85 }).toBuffer();
  return { name: format === 'png' ? 'photo.png' : 'photo.jpg', mimeType: `image/${format}`, buffer };
}

/**
 * A valid PNG of about 6 MB (or `megabytes`): noise does not compress, so the size is the pixel
 * count.
 */
export async function oversizedPng(megabytes = 6): Promise<UploadFile> {
  const side = Math.ceil(Math.sqrt((megabytes * 1024 * 1024) / 3));
  const buffer = await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  expect(buffer.length).toBeGreaterThan((megabytes - 0.5) * 1024 * 1024);
  return { name: 'big.png', mimeType: 'image/png', buffer };
}

/** Plain text under an image's name; a browser derives the type from the extension. */
export function textAsPng(): UploadFile {
  return { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('This is not an image at all.\n'.repeat(20)) };
}

/**
 * `file` written to disk under its name, for `setInputFiles`: the browser then reads it itself, as
 * it does a file a person picks, and takes its type from the extension (`mimeType` says which).
 * Handed over as a buffer, it would travel base64-encoded through the browser protocol, which
 * takes seconds for the oversized images. It goes into the server's data dir, which the global
 * teardown deletes.
 */
export function onDisk(file: UploadFile): string {
  const uploads = path.join(dataDir, 'e2e-uploads');
  mkdirSync(uploads, { recursive: true });
  // A directory per file: several files share a name.
  const filePath = path.join(mkdtempSync(path.join(uploads, 'f-')), file.name);
  writeFileSync(filePath, file.buffer);
  return filePath;
}

// ---------------------------------------------------------------- one-time passwords

const STEP_MS = 30_000;
export const stepAt = (ms: number) => Math.floor(ms / STEP_MS);

export function totpCode(manualKey: string, step: number): string {
  const totp = new TOTP({ secret: Secret.fromBase32(manualKey.replace(/\s/g, '')) });
  return totp.generate({ timestamp: step * STEP_MS + 1 });
}

/** Six digits that are none of the codes the server accepts right now (it allows ±1 step). */
export function wrongTotpCode(manualKey: string): string {
  const now = stepAt(Date.now());
  const valid = new Set([now - 1, now, now + 1, now + 2].map((s) => totpCode(manualKey, s)));
  let n = Number(totpCode(manualKey, now));
  let code: string;
  do code = String((n = (n + 1) % 1_000_000)).padStart(6, '0');
  while (valid.has(code));
  return code;
}

/**
 * A code the server has not seen: each step is accepted once, so after `lastStep` comes the next
 * one. The server also takes the next step early (clock drift), so waiting is needed only when
 * even that one is used up — the one sleep the suite allows itself.
 */
export async function freshTotp(manualKey: string, lastStep: number | null): Promise<{ code: string; step: number }> {
  const now = stepAt(Date.now());
  const step = Math.max(now, (lastStep ?? now - 1) + 1);
  if (step > now + 1) await new Promise((r) => setTimeout(r, (step - 1) * STEP_MS - Date.now() + 250));
  return { code: totpCode(manualKey, step), step };
}

/** Signs in with a password and, on the second-factor page, with `code`. */
export async function signInWithCode(page: Page, as: Credentials, code: string): Promise<void> {
  await signIn(page, as.email, as.password);
  await waitForPath(page, '/sign-in/mfa');
  await page.getByLabel('Authentication code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
}
