import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';

import { CHROMIUM_ARGS, chromiumPath } from '../../bench/lib/chromium.mjs';
import { checkEveryLoad } from './a11y';

import './provided';

export const mode = inject('e2eMode');
export const jsOn = mode === 'js';
export const baseUrl = jsOn ? inject('e2eBaseUrlJs') : inject('e2eBaseUrlNojs');
/** The server's data dir; its mail is read from the files there, as the recipient would get it. */
export const dataDir = jsOn ? inject('e2eDataDirJs') : inject('e2eDataDirNojs');

export const OWNER = {
  orgName: 'Acme',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@acme.test',
  password: 'Str0ng!Passw0rd-x',
};

const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

// The same Chromium and flags as the benchmarks (bench/lib/chromium.mjs); QUIC off on loopback.
const LAUNCH_ARGS = [...CHROMIUM_ARGS, '--disable-quic'];

// What Chromium logs for the document itself when a test opens a 404 page on purpose.
const NOT_FOUND_LOAD = /^Failed to load resource: the server responded with a status of 404/;

export type TestPage = {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  /** Call before deliberately opening a page that answers 404. */
  expect404: () => void;
  /** Serious accessibility violations (axe-core) of the documents loaded so far. */
  a11y: string[];
  /** The accessibility checks still running. */
  checks: Promise<void>[];
};

/** Waits for the pages' accessibility checks, then requires no console error and no serious violation. */
async function expectClean(pages: TestPage[]): Promise<void> {
  await Promise.all(pages.flatMap((p) => p.checks));
  expect(
    pages.flatMap((p) => p.errors),
    'console errors and page errors',
  ).toEqual([]);
  expect(
    pages.flatMap((p) => p.a11y),
    'serious accessibility violations',
  ).toEqual([]);
}

let browser: Browser | undefined;
let open: TestPage[] = [];
let checker: Promise<Page> | undefined;

/** The page that runs axe for pages without JavaScript (support/a11y.ts): one per spec, JavaScript on. */
function axeChecker(): Promise<Page> {
  if (!browser) throw new Error('Call useBrowser() in the spec file first.');
  const launched = browser;
  checker ??= launched.newContext().then((context) => context.newPage());
  return checker;
}

/** One browser per spec file; every test's pages must finish without console errors. */
export function useBrowser(): void {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS });
  });
  afterEach(async () => {
    const pages = open;
    open = [];
    try {
      await expectClean(pages);
    } finally {
      await Promise.all(pages.map((p) => p.context.close()));
    }
  });
  afterAll(async () => {
    checker = undefined;
    await browser?.close();
  });
}

async function openPage(viewport = { width: 1280, height: 800 }): Promise<TestPage> {
  if (!browser) throw new Error('Call useBrowser() in the spec file first.');
  const context = await browser.newContext({ javaScriptEnabled: jsOn, viewport, baseURL: baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  let allow404 = false;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The location names the failing resource, which the message text leaves out.
    const source = msg.location().url;
    const deliberate = allow404 && source === page.url();
    if (NOT_FOUND_LOAD.test(msg.text()) && deliberate) return;
    errors.push(
      `console.error on ${page.url()}: ${msg.text()}${source && source !== page.url() ? ` (${source})` : ''}`,
    );
  });
  page.on('pageerror', (err) => errors.push(`pageerror on ${page.url()}: ${err.message}`));
  const a11y: string[] = [];
  const checks = checkEveryLoad(page, a11y, jsOn ? undefined : axeChecker, new URL(baseUrl).origin);
  return { page, context, errors, expect404: () => (allow404 = true), a11y, checks };
}

/** A fresh context for the running test; it is closed, and its errors checked, after the test. */
export async function newPage(viewport?: { width: number; height: number }): Promise<TestPage> {
  const testPage = await openPage(viewport);
  open.push(testPage);
  return testPage;
}

/**
 * A context of its own for work outside any test (a spec's fixtures in beforeAll): closed when `fn`
 * ends, and it fails the same way a test's page does on a console error.
 */
export async function withPage<T>(fn: (t: TestPage) => Promise<T>): Promise<T> {
  const testPage = await openPage();
  try {
    const result = await fn(testPage);
    await expectClean([testPage]);
    return result;
  } finally {
    await testPage.context.close();
  }
}

/** Waits until the page shows `pathname` (and, when given, the query) after a redirect or a form post. */
export async function waitForPath(page: Page, pathname: string, search?: string): Promise<URL> {
  await page.waitForURL((url) => url.pathname === pathname && (search === undefined || url.search === search));
  return new URL(page.url());
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${mode}-${name}.png`), fullPage: true });
}

export async function signIn(
  page: Page,
  email = OWNER.email,
  password = OWNER.password,
  from = '/sign-in',
): Promise<void> {
  await page.goto(from);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Whoever signs in: the owner, or a person of a spec's own (see fixtures.ts). */
export type Credentials = { email: string; password: string };

/** A fresh context that is signed in (as the owner unless told otherwise) and sitting on the profile page. */
export async function signedInPage(
  as: Credentials = OWNER,
  viewport?: { width: number; height: number },
): Promise<TestPage> {
  const t = await newPage(viewport);
  await signIn(t.page, as.email, as.password);
  await waitForPath(t.page, '/settings/profile');
  return t;
}

/**
 * With JavaScript, waits until a signed-in page has hydrated: the header's status switch becomes a
 * button only then (components/shell/close-on-escape.tsx), once the effects that attach the page's
 * listeners have run. `page.goto` returns at the load event, which may come first. Without
 * JavaScript there is nothing to wait for.
 */
export async function hydrated(page: Page): Promise<void> {
  if (!jsOn) return;
  await page.locator('header details button[aria-controls="status-options"]').waitFor({ state: 'attached' });
}

/** The header's <details> profile menu, opened by a click on its summary. */
export async function openProfileMenu(page: Page) {
  const menu = page.locator('header details');
  await menu.locator('summary').click();
  // An attribute, not the property: it must also work with JavaScript off.
  await expect.poll(() => menu.getAttribute('open')).not.toBeNull();
  return menu;
}

/**
 * The page's one h1 as a reader sees it. Streamed content that JavaScript never revealed is still
 * in the DOM but hidden, so visibility matters, not presence.
 */
export async function headingOf(page: Page): Promise<string> {
  const h1 = page.locator('h1');
  const count = await h1.count();
  if (count !== 1) return `(${count} h1 elements)`;
  return (await h1.isVisible()) ? (await h1.innerText()).trim() : '(h1 is hidden)';
}

export async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).allInnerTexts()).join('\n');
}
