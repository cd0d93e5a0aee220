import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import {
  fieldErrors,
  formWith,
  freshTotp,
  poll,
  signInWithCode,
  signOut,
  stepAt,
  submit,
  totpCode,
  wrongTotpCode,
} from './support/account';
import { jsOn, newPage, screenshot, signedInPage, signIn, useBrowser, waitForPath } from './support/browser';
import { usePerson } from './support/fixtures';

// One story in order, on a person of its own: set up, sign in with a code, with a backup code,
// then turn it off again. The tests share the key, the codes and the last TOTP step the server
// accepted.
useBrowser();
const KATHERINE = usePerson('Katherine', 'Johnson');

const BACKUP_CODE = /^[a-z0-9]{5}-[a-z0-9]{5}$/;
let manualKey = '';
let backupCodes: string[] = [];
let lastStep: number | null = null;

const twoFactorCard = (page: Page) => page.getByRole('region', { name: 'Two-factor authentication', exact: true });

async function readManualKey(page: Page): Promise<string> {
  const key = (await page.locator('[aria-label="Key for manual entry"]').innerText()).trim();
  // Base32 in groups of four, as the spec promises.
  expect(key).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  return key.replace(/\s/g, '');
}

/** The sign-in's second step. */
async function verify(page: Page, code: string): Promise<void> {
  await page.getByLabel('Authentication code', { exact: true }).fill(code);
  await submit(page, page.getByRole('button', { name: 'Verify', exact: true }));
}

describe('two-factor authentication', () => {
  test('setup with the manual key shows ten backup codes to download', async () => {
    const { page } = await signedInPage(KATHERINE);
    await page.goto('/settings/security');
    await submit(page, page.getByRole('button', { name: 'Set up two-factor authentication', exact: true }));
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    expect(await qr.isVisible()).toBe(true);
    manualKey = await readManualKey(page);
    await twoFactorCard(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'security-2fa-setup');
    const phone = await signedInPage(KATHERINE, { width: 390, height: 844 });
    await phone.page.goto('/settings/security');
    expect(await readManualKey(phone.page), 'the same pending key in another session').toBe(manualKey);
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, 'horizontal scroll in px').toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'security-2fa-setup-mobile');

    const form = formWith(page, 'Enable two-factor authentication');
    const step = stepAt(Date.now());
    await form.getByLabel('Authentication code', { exact: true }).fill(totpCode(manualKey, step));
    await form.getByLabel('Password', { exact: true }).fill(KATHERINE.password);
    await submit(page, form.getByRole('button', { name: 'Enable two-factor authentication' }));
    lastStep = step;

    const list = page.getByRole('list', { name: 'Backup codes', exact: true });
    await list.waitFor();
    backupCodes = (await list.locator('li').allInnerTexts()).map((c) => c.trim());
    expect(backupCodes).toHaveLength(10);
    for (const code of backupCodes) expect(code).toMatch(BACKUP_CODE);
    expect(new Set(backupCodes).size).toBe(10);
    expect(await twoFactorCard(page).innerText()).toContain('Backup codes remaining: 10');

    let text: string;
    const link = page.getByRole('link', { name: 'Download .txt', exact: true });
    if (jsOn) {
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('roster-backup-codes.txt');
      text = await readFile((await download.path())!, 'utf8');
    } else {
      const res = await page.request.get((await link.getAttribute('href'))!);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toContain('text/plain');
      expect(res.headers()['content-disposition']).toContain('roster-backup-codes.txt');
      text = await res.text();
    }
    for (const code of backupCodes) expect(text).toContain(code);
  });

  test('sign-in asks for a code: a wrong one is refused, a fresh one lets in', async () => {
    const { page, context } = await newPage();
    await signIn(page, KATHERINE.email, KATHERINE.password);
    await waitForPath(page, '/sign-in/mfa');
    // Halfway signed in is not signed in.
    const blocked = await context.request.get('/settings/profile', { maxRedirects: 0 });
    expect([blocked.status(), blocked.headers()['location']]).toEqual([307, expect.stringMatching(/^\/sign-in/)]);

    await verify(page, wrongTotpCode(manualKey));
    await poll(() => fieldErrors(page, 'code')).toContain('That code is not correct.');
    expect(new URL(page.url()).pathname).toBe('/sign-in/mfa');

    const fresh = await freshTotp(manualKey, lastStep);
    await verify(page, fresh.code);
    lastStep = fresh.step;
    await waitForPath(page, '/settings/profile');
  });

  test('a backup code signs in once', async () => {
    const { page } = await newPage();
    await signIn(page, KATHERINE.email, KATHERINE.password);
    await waitForPath(page, '/sign-in/mfa');
    await verify(page, backupCodes[0]);
    await waitForPath(page, '/settings/profile');
    await page.goto('/settings/security');
    expect(await twoFactorCard(page).innerText()).toContain('Backup codes remaining: 9');
    await signOut(page);

    await signIn(page, KATHERINE.email, KATHERINE.password);
    await waitForPath(page, '/sign-in/mfa');
    await verify(page, backupCodes[0]);
    await poll(() => fieldErrors(page, 'code')).toContain('That code is not correct.');
    expect(new URL(page.url()).pathname).toBe('/sign-in/mfa');
    // An unused one still works, typed in capitals and without the dash.
    await verify(page, backupCodes[1].replace('-', '').toUpperCase());
    await waitForPath(page, '/settings/profile');
  });

  test('disabling with the password turns it off for the next sign-in', async () => {
    const { page } = await newPage();
    const fresh = await freshTotp(manualKey, lastStep);
    await signInWithCode(page, KATHERINE, fresh.code);
    lastStep = fresh.step;
    await waitForPath(page, '/settings/profile');

    await page.goto('/settings/security');
    const form = formWith(page, 'Disable two-factor authentication');
    await form.getByLabel('Password', { exact: true }).fill(KATHERINE.password);
    await submit(page, form.getByRole('button', { name: 'Disable two-factor authentication' }));
    await page.getByRole('button', { name: 'Set up two-factor authentication', exact: true }).waitFor();
    expect(await twoFactorCard(page).innerText()).toContain('Off.');
    expect(await twoFactorCard(page).getByRole('status').innerText()).toContain('Two-factor authentication is off.');

    await signOut(page);
    await signIn(page, KATHERINE.email, KATHERINE.password);
    await waitForPath(page, '/settings/profile');
  });
});
