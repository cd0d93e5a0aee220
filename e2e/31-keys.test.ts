import * as openpgp from 'openpgp';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { fieldErrors, formWith, messagesIn, poll, submit } from './support/account';
import { jsOn, screenshot, signedInPage, useBrowser } from './support/browser';
import { usePerson } from './support/fixtures';

// Settings → Encryption key: an OpenPGP public key pasted or uploaded, shown by its fingerprint,
// refused when it is a private key, and removed with a plain form; with and without JavaScript.
useBrowser();
const ROSA = usePerson('Rosa', 'Franklin');

const PAGE = '/settings/keys';

async function makeKey(email: string) {
  const { publicKey, privateKey } = await openpgp.generateKey({
    type: 'curve25519',
    userIDs: [{ name: 'Rosa Franklin', email }],
    format: 'armored',
  });
  const fingerprint = (await openpgp.readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
  return { publicKey, privateKey, grouped: fingerprint.match(/.{4}/g)!.join(' ') };
}

const keyCard = (page: Page) => page.getByRole('region', { name: 'Your key', exact: true });

async function removeKey(page: Page) {
  await submit(page, page.getByRole('button', { name: 'Remove key', exact: true }));
  await poll(() => messagesIn(keyCard(page), 'status')).toContain('Encryption key removed.');
  await poll(() => keyCard(page).innerText()).toContain('You have no encryption key.');
}

describe('encryption key', () => {
  test('pastes a public key, shows its fingerprint, then removes it', async () => {
    const { page } = await signedInPage(ROSA);
    await page.goto(PAGE);
    expect(await keyCard(page).innerText()).toContain('You have no encryption key.');
    await screenshot(page, 'keys-empty');

    const key = await makeKey(ROSA.email);
    await page.getByLabel('Public key', { exact: true }).fill(key.publicKey);
    await submit(page, page.getByRole('button', { name: 'Save key', exact: true }));
    const form = formWith(page, 'Save key');
    await poll(() => messagesIn(form, 'status')).toContain(`Key ${key.grouped} saved.`);
    await poll(() => keyCard(page).innerText()).toContain(key.grouped);
    const card = await keyCard(page).innerText();
    expect(card).toContain(`Rosa Franklin <${ROSA.email}>`);
    expect(card).toContain('Ed25519 + X25519');
    expect(card).toContain('Does not expire');
    // Saved: the form starts empty again.
    expect(await page.getByLabel('Public key', { exact: true }).inputValue()).toBe('');

    await page.goto(PAGE);
    expect(await keyCard(page).innerText()).toContain(key.grouped);
    await screenshot(page, 'keys-set');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'keys-set-dark');

    const phone = await signedInPage(ROSA, { width: 390, height: 844 });
    await phone.page.goto(PAGE);
    expect(await keyCard(phone.page).innerText()).toContain(key.grouped);
    // Nothing wider than the screen.
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone.page, 'keys-set-phone');
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(phone.page, 'keys-set-phone-dark');

    await removeKey(page);
    expect(await page.getByRole('button', { name: 'Remove key', exact: true }).count()).toBe(0);
  });

  test('refuses a private key with a message next to the field, and takes a key file', async () => {
    const { page } = await signedInPage(ROSA);
    await page.goto(PAGE);
    const key = await makeKey(ROSA.email);
    await page.getByLabel('Public key', { exact: true }).fill(key.privateKey);
    await submit(page, page.getByRole('button', { name: 'Save key', exact: true }));
    const form = formWith(page, 'Save key');
    await poll(() => messagesIn(form, 'alert')).toContain('The key was not saved.');
    expect(await fieldErrors(page, 'public-key')).toMatch(/This is a private key/);
    expect(await keyCard(page).innerText()).toContain('You have no encryption key.');
    // Never sent back into the page, and the box is emptied.
    await poll(() => page.getByLabel('Public key', { exact: true }).inputValue()).toBe('');
    if (!jsOn) expect(await page.content()).not.toContain('PRIVATE KEY BLOCK');
    await screenshot(page, 'keys-private-refused');

    await page.getByLabel('Public key', { exact: true }).fill('');
    await page
      .getByLabel('Key file', { exact: true })
      .setInputFiles({ name: 'rosa.asc', mimeType: 'application/pgp-keys', buffer: Buffer.from(key.publicKey) });
    await submit(page, page.getByRole('button', { name: 'Save key', exact: true }));
    await poll(() => messagesIn(formWith(page, 'Save key'), 'status')).toContain(`Key ${key.grouped} saved.`);
    await poll(() => keyCard(page).innerText()).toContain(key.grouped);
    await removeKey(page);
  });
});
