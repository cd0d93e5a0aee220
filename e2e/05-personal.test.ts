import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';

import { fieldErrors, formWith, headerStatus, messagesIn, poll, submit } from './support/account';
import { headingOf, jsOn, openProfileMenu, screenshot, signedInPage, useBrowser } from './support/browser';
import { usePerson } from './support/fixtures';
import { SUPPORT_URL } from './support/server';

// Personal settings of a person of its own, one section after the other. Every test puts back
// what it changed, so the next one finds them as they joined (English, System theme, zone UTC).
useBrowser();
const GRACE = usePerson('Grace', 'Hopper');

const PROFILE = {
  jobTitle: 'Analyst of engines',
  // A national US number: an English-speaking user's numbers without a country code are read in the US.
  phoneTyped: '(201) 555-0123',
  phoneShown: '+1 201 555 0123',
  dateOfBirth: '1990-05-17',
  messenger: { kind: 'telegram', handle: '@ada_lovelace' },
};

/** The value in the profile's read-only Account list next to `label`. */
async function accountValue(page: Page, label: string): Promise<string> {
  const row = page
    .locator('#account-title')
    .locator('xpath=ancestor::section')
    .locator('dl > div')
    .filter({ has: page.locator('dt', { hasText: label }) });
  return (await row.locator('dd').innerText()).trim();
}

/** "Mar 10, 2031, 9:00 AM" (en, medium date, short time) to minutes since the epoch, read as UTC. */
function minutesOf(shown: string): number {
  const m = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}), (\d{1,2}):(\d{2})\s*([AP]M)$/.exec(shown.trim());
  expect(m, `a date like "Mar 10, 2031, 9:00 AM", got "${shown}"`).not.toBeNull();
  const [, mon, day, year, h, min, ampm] = m!;
  const month = 'JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(mon) / 3;
  const hour = (Number(h) % 12) + (ampm === 'PM' ? 12 : 0);
  return Date.UTC(Number(year), month, Number(day), hour, Number(min)) / 60_000;
}

async function chooseTimeZone(page: Page, zone: string, search: string): Promise<void> {
  if (!jsOn) {
    await page.getByLabel('Time zone', { exact: true }).selectOption(zone);
    return;
  }
  // Until hydration the field is still the plain <select> (also a combobox): wait for the input.
  const box = page.getByRole('combobox', { name: 'Time zone', exact: true }).and(page.locator('input'));
  await box.fill(search);
  // Each option reads "(UTC+09:00) Asia/Tokyo" followed by the zone's local name.
  const escaped = zone.replace(/[/+]/g, '\\$&');
  await page.getByRole('option', { name: new RegExp(`\\) ${escaped}(\\s|$)`) }).click();
  expect(await box.inputValue()).toContain(zone);
}

async function saveRegional(page: Page): Promise<void> {
  // The button is labelled in whatever language the page is in; the form is found by its field.
  await submit(
    page,
    page
      .locator('form')
      .filter({ has: page.locator('#locale') })
      .locator('button[type="submit"]'),
  );
}

describe('profile', () => {
  test('saves job title, phone, date of birth and a messenger account', async () => {
    const { page } = await signedInPage(GRACE);
    await page.getByLabel('Job title', { exact: true }).fill(`${PROFILE.jobTitle} (draft)`);
    await page.getByLabel('Phone number', { exact: true }).fill(PROFILE.phoneTyped);
    await page.getByLabel('Date of birth', { exact: true }).fill(PROFILE.dateOfBirth);
    // A blank account row is always offered, with and without JavaScript; labels repeat per row.
    await page.locator('#contacts-0-kind').selectOption(PROFILE.messenger.kind);
    await page.locator('#contacts-0-handle').fill(PROFILE.messenger.handle);
    const form = formWith(page, 'Save changes');
    await submit(page, form.getByRole('button', { name: 'Save changes' }));
    await poll(() => messagesIn(form, 'status')).toContain('Profile saved');

    // The form shows what is stored now (the number formatted) and saves again from there with no
    // page loaded in between: the answer carried the new version, so the next save is not stale.
    await poll(() => page.getByLabel('Phone number', { exact: true }).inputValue()).toBe(PROFILE.phoneShown);
    await page.getByLabel('Job title', { exact: true }).fill(PROFILE.jobTitle);
    const saved = jsOn ? page.waitForResponse((r) => r.request().method() === 'POST') : null;
    await submit(page, form.getByRole('button', { name: 'Save changes' }));
    await saved;
    await poll(() => messagesIn(form, 'status')).toContain('Profile saved');
    expect(await messagesIn(form, 'alert')).toBe('');

    // A fresh GET: reloading a page that answered a post (no JavaScript) would post it again.
    await page.goto('/settings/profile');
    expect(await page.getByLabel('Job title', { exact: true }).inputValue()).toBe(PROFILE.jobTitle);
    expect(await page.getByLabel('Phone number', { exact: true }).inputValue()).toBe(PROFILE.phoneShown);
    expect(await page.getByLabel('Date of birth', { exact: true }).inputValue()).toBe(PROFILE.dateOfBirth);
    expect(await page.locator('#contacts-0-kind').inputValue()).toBe(PROFILE.messenger.kind);
    expect(await page.locator('#contacts-0-handle').inputValue()).toBe(PROFILE.messenger.handle);
  });

  test('a member without organization rights is offered no organization settings', async () => {
    const { page } = await signedInPage(GRACE);
    const nav = page.getByRole('navigation', { name: 'Settings', exact: true });
    expect(await nav.getByRole('link', { name: 'Profile', exact: true }).count()).toBeGreaterThan(0);
    expect(await nav.getByRole('link', { name: 'Organization settings', exact: true }).count()).toBe(0);
    // Tech support is for everyone, not only admins.
    const menu = await openProfileMenu(page);
    expect(await menu.getByRole('link', { name: 'Tech support', exact: true }).getAttribute('href')).toBe(SUPPORT_URL);
  });

  test('an invalid username shows a field error and saves nothing', async () => {
    const { page } = await signedInPage(GRACE);
    const posts: string[] = [];
    page.on('request', (req) => void (req.method() === 'POST' && posts.push(req.url())));
    await page.getByLabel('Username', { exact: true }).fill('no spaces!');
    await page.getByLabel('Job title', { exact: true }).fill('Should not be saved');
    await submit(page, page.getByRole('button', { name: 'Save changes', exact: true }));

    await poll(() => fieldErrors(page, 'username')).toContain('Use 3 to 32 characters');
    expect(await page.getByLabel('Username', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // With JavaScript the same schema stops it in the browser; without, the server refuses it.
    if (jsOn) expect(posts).toEqual([]);
    else expect(await messagesIn(page.locator('main'), 'alert')).toContain('Check the highlighted fields.');

    await page.goto('/settings/profile');
    expect(await page.getByLabel('Username', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Job title', { exact: true }).inputValue()).toBe(PROFILE.jobTitle);
  });
});

describe('availability', () => {
  test('Unavailable shows on the header avatar; an away period is described', async () => {
    const { page } = await signedInPage(GRACE);
    await page.goto('/settings/availability');
    expect((await headerStatus(page)).label).toBe('Status: Online');
    const now = page.locator('#assignable-now');
    expect(await now.innerText()).toBe('Right now you receive queue calls and automatically assigned work.');
    // Only Online receives work: the hint says so for Offline too.
    expect(await page.locator('main').innerText()).toContain(
      'Only Online receives queue calls and automatically assigned work; Offline and Unavailable receive none.',
    );

    const statusForm = formWith(page, 'Save status');
    await page.getByLabel('Status', { exact: true }).selectOption('unavailable');
    await submit(page, statusForm.getByRole('button', { name: 'Save status' }));
    await poll(() => messagesIn(statusForm, 'status')).toContain('Status saved.');
    await poll(async () => (await headerStatus(page)).label).toBe('Status: Unavailable');
    expect((await headerStatus(page)).dotClass).toContain('bg-red-500');
    await poll(() => now.innerText()).toBe(
      'Right now you receive no queue calls and no assigned work: your status is Unavailable.',
    );

    // Wall-clock times in the user's zone, which is still UTC here.
    const year = new Date().getUTCFullYear() + 2;
    await page.getByLabel('Away from', { exact: true }).fill(`${year}-03-10T09:00`);
    await page.getByLabel('Away until', { exact: true }).fill(`${year}-03-20T17:30`);
    const awayForm = formWith(page, 'Save away period');
    await submit(page, awayForm.getByRole('button', { name: 'Save away period' }));
    await poll(() => messagesIn(awayForm, 'status')).toContain('Away period saved.');
    const section = page.locator('#away-title').locator('xpath=ancestor::section');
    await poll(() => section.innerText()).toContain(`Away from Mar 10, ${year}, 9:00`);
    expect(await section.innerText()).toMatch(new RegExp(`to Mar 20, ${year}, 5:30\\s*PM\\.`));

    // Back to how they joined.
    await submit(page, page.getByRole('button', { name: 'Clear away period', exact: true }));
    await poll(() => section.innerText()).toContain('No away period is planned.');
    await page.getByLabel('Status', { exact: true }).selectOption('online');
    await submit(page, statusForm.getByRole('button', { name: 'Save status' }));
    await poll(async () => (await headerStatus(page)).label).toBe('Status: Online');
    await poll(() => now.innerText()).toBe('Right now you receive queue calls and automatically assigned work.');
  });
});

describe('general', () => {
  test('Dark theme is in the first HTML response', async () => {
    const { page } = await signedInPage(GRACE);
    await page.goto('/settings/general');
    const form = formWith(page, 'Save appearance');
    await page.getByLabel('Theme', { exact: true }).selectOption('dark');
    await submit(page, form.getByRole('button', { name: 'Save appearance' }));
    await poll(() => messagesIn(form, 'status')).toContain('Appearance saved.');

    // The server's HTML, before any script could have switched a class.
    const html = await (await page.request.get('/settings/general')).text();
    expect(/<html[^>]*>/.exec(html)?.[0]).toContain('class="theme-dark');
    await page.goto('/settings/general');
    await screenshot(page, 'general-dark');

    const phone = await signedInPage(GRACE, { width: 390, height: 844 });
    await phone.page.goto('/settings/general');
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, 'horizontal scroll in px').toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'general-dark-mobile');

    await page.getByLabel('Theme', { exact: true }).selectOption('system');
    await submit(page, form.getByRole('button', { name: 'Save appearance' }));
    await poll(() => messagesIn(form, 'status')).toContain('Appearance saved.');
    const after = await (await page.request.get('/settings/general')).text();
    expect(/<html[^>]*>/.exec(after)?.[0]).toContain('class="theme-system');
  });
});

describe('regional', () => {
  test('German switches the interface; English switches it back', async () => {
    const { page } = await signedInPage(GRACE);
    await page.goto('/settings/regional');
    await page.getByLabel('Language', { exact: true }).selectOption('de');
    await saveRegional(page);

    await poll(() => headingOf(page)).toBe('Sprache und Region');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const nav = page.getByRole('navigation', { name: 'Einstellungen', exact: true }).first();
    expect(await nav.innerText()).toContain('Profil');
    expect(await nav.innerText()).toContain('Sicherheit');
    await page.goto('/settings/security');
    await poll(() => headingOf(page)).toBe('Sicherheit');

    await page.goto('/settings/regional');
    await page.locator('#locale').selectOption('en');
    await saveRegional(page);
    await poll(() => headingOf(page)).toBe('Language and region');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  test('Asia/Tokyo moves the times shown by nine hours; UTC puts them back', async () => {
    const { page } = await signedInPage(GRACE);
    const inUtc = await accountValue(page, 'Created');

    await page.goto('/settings/regional');
    const form = formWith(page, 'Save changes');
    await chooseTimeZone(page, 'Asia/Tokyo', 'Tokyo');
    await submit(page, form.getByRole('button', { name: 'Save changes' }));
    await poll(() => messagesIn(form, 'status')).toContain('Language and time zone saved.');

    await page.goto('/settings/profile');
    const inTokyo = await accountValue(page, 'Created');
    expect(minutesOf(inTokyo) - minutesOf(inUtc), `${inUtc} → ${inTokyo}`).toBe(9 * 60);

    await page.goto('/settings/regional');
    await chooseTimeZone(page, 'UTC', 'UTC');
    await submit(page, form.getByRole('button', { name: 'Save changes' }));
    await poll(() => messagesIn(form, 'status')).toContain('Language and time zone saved.');
    await page.goto('/settings/profile');
    expect(await accountValue(page, 'Created')).toBe(inUtc);
  });
});
