/**
 * The "lean pages" table: what three pages cost the browser and the server, on a production
 * build (`npm run build` first; the build folder is NEXT_DIST_DIR when set), on PGlite and on
 * PostgreSQL. For each database: a fresh server, /setup through the real form, BENCH_USERS
 * (default 1000) users seeded into that organization, the owner signs in. Then:
 *
 * - idle RSS of the server after a few requests and 5 s of rest;
 * - per page (/settings/profile and /org-settings/users signed in, /sign-in signed out): the
 *   HTML of one GET, autocannon (10 connections, BENCH_ROUNDS rounds of BENCH_DURATION s after a
 *   3 s warm-up: 3 × 20 s by default) with the server's CPU time per request and its peak RSS, and
 *   the JavaScript a cold browser downloads. Load figures are the median round, CPU with the
 *   range of the rounds: a fresh server's first seconds under load run code V8 has not optimized
 *   yet, and one short round mostly measures that;
 * - 20 saves of the profile form in Chromium with JavaScript on (a server-action POST each): the
 *   POST's time, its wait for the answer's headers, and the page's main-thread time per save
 *   (typing, checking, sending, showing the answer: the browser shares the machine's CPUs with
 *   the server); then the last one's POST replayed from Node: back to back, and 500 ms apart.
 *
 * Progress goes to stderr, the table to stdout. A step that fails or stalls shows "n/a" with a
 * numbered note and the run goes on.
 *
 *   npm run bench                                    PGlite and PostgreSQL on 127.0.0.1:5432
 *   BENCH_DATABASE_URL=postgres://…/postgres npm run bench     another PostgreSQL server
 *   BENCH_DATABASE_URL=off npm run bench             PGlite only
 *   BENCH_SAVE_HTML=/tmp/pages npm run bench         also keep each page's HTML there
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { chromium, type Browser, type BrowserContext, type Response } from 'playwright-core';

import { openPglite, openPostgres, type DbHandle } from '@/db';

import { CHROMIUM_ARGS, chromiumPath } from './lib/chromium.mjs';
import { getPage } from './lib/forms.mjs';
import { seedSetUpOrganization } from './lib/seed-users';
import { benchTempDir, completeSetup, createBenchDatabase, repoRoot, signIn, startServer } from './lib/server.mjs';
import { envInt, loadAverage, median, percentile } from './lib/stats.mjs';

const USERS = envInt('BENCH_USERS', 1000);
/** A folder to keep each page's HTML in (`<database>-<page>.html`), to see what the bytes are. */
const SAVE_HTML = process.env.BENCH_SAVE_HTML;
const DURATION = envInt('BENCH_DURATION', 20);
const ROUNDS = envInt('BENCH_ROUNDS', 3);
const CONNECTIONS = 10;
const WARM_UP_S = 3;
const SAVES = 20;
/** Saves replayed without the browser (after a few to warm up), see replayedSaves. */
const REPLAYED_SAVES = envInt('BENCH_REPLAYED_SAVES', 200);
const WARM_SAVES = 20;
/** Then saves 500 ms apart, as a person saves (and as the Chromium saves are spaced). */
const PAUSED_SAVES = envInt('BENCH_PAUSED_SAVES', 40);
const PAUSE_MS = 500;
const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const adminUrl = process.env.BENCH_DATABASE_URL === 'off' ? null : process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES;

/** Sizes in KB of 1,000 bytes, as `next build` prints them. */
const kb = (bytes: number) => bytes / 1000;

type Server = {
  baseUrl: string;
  origin: string;
  stop: () => Promise<void>;
  rssMb: () => number | null;
  cpuMs: () => number | null;
};

type PageSpec = { key: string; path: string; signedIn: boolean };
const PAGES: PageSpec[] = [
  { key: 'profile', path: '/settings/profile', signedIn: true },
  // Fifty rows a page, the size the lean-pages targets name ("Rows per page"; 25 is the default).
  { key: 'users', path: '/org-settings/users?size=50', signedIn: true },
  { key: 'sign-in', path: '/sign-in', signedIn: false },
];

const figure = {
  html: (p: PageSpec) => `${p.key}: HTML KB`,
  js: (p: PageSpec) => `${p.key}: JS gzip KB`,
  rps: (p: PageSpec) => `${p.key}: req/s`,
  p50: (p: PageSpec) => `${p.key}: p50 ms`,
  cpu: (p: PageSpec) => `${p.key}: CPU ms/req`,
  saveP50: 'profile save: p50 ms',
  saveWait: 'profile save: wait for the answer, p50 ms',
  saveBrowser: 'profile save: browser main thread ms/save',
  saveKb: 'profile save: response KB',
  saveCpu: 'profile save: CPU ms/save',
  saveOthers: 'profile save: other requests/save',
  replayP50: 'profile save, server only: p50 ms',
  replayCpu: 'profile save, server only: CPU ms/save',
  pausedP50: 'profile save, server only, 500 ms apart: p50 ms',
  pausedCpu: 'profile save, server only, 500 ms apart: CPU ms/save',
  rssIdle: 'RSS idle MB',
  rssPeak: 'RSS peak MB',
};
/** The figures of the saves in Chromium, and of the same save replayed from Node. */
const SAVE_FIGURES = [
  figure.saveP50,
  figure.saveWait,
  figure.saveBrowser,
  figure.saveKb,
  figure.saveCpu,
  figure.saveOthers,
];
const REPLAY_FIGURES = [figure.replayP50, figure.replayCpu, figure.pausedP50, figure.pausedCpu];
const FIGURES = [
  ...PAGES.flatMap((p) => [figure.html(p), figure.js(p), figure.rps(p), figure.p50(p), figure.cpu(p)]),
  ...SAVE_FIGURES,
  ...REPLAY_FIGURES,
  figure.rssIdle,
  figure.rssPeak,
];

/** Numbered notes under the table: why a cell is n/a, and anything odd seen on the way. */
const notes: string[] = [];
let failures = 0;

class Column {
  readonly cells = new Map<string, string>();
  constructor(readonly label: string) {}

  set(name: string, value: number | null | undefined, digits = 1) {
    this.cells.set(name, value == null || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits));
  }

  /** The median of several rounds, and their range after it when they differ: `15.8 (14.4–17.0)`. */
  setRounds(name: string, values: (number | null)[], digits = 1) {
    const known = values.filter((v): v is number => v != null && Number.isFinite(v));
    if (known.length < values.length || !known.length) return this.set(name, null);
    const [low, high] = [Math.min(...known), Math.max(...known)].map((v) => v.toFixed(digits));
    this.cells.set(name, `${median(known).toFixed(digits)}${low === high ? '' : ` (${low}–${high})`}`);
  }

  note(text: string): number {
    notes.push(`${this.label}: ${text}`);
    console.error(`  note [${notes.length}] ${this.label}: ${text}`);
    return notes.length;
  }

  /** Mark the figures a failed step should have given (those not filled already). */
  fail(names: string[], what: string, error: unknown) {
    failures++;
    const message = error instanceof Error ? error.message : String(error);
    // Playwright's call log ends with why it kept waiting: keep its first lines and its last.
    const lines = message.split('\n').filter((line) => line.trim());
    const shown = lines.length > 10 ? [...lines.slice(0, 5), '…', ...lines.slice(-4)] : lines;
    const n = this.note(`${what} failed: ${shown.join(' / ')}`);
    for (const name of names) if (!this.cells.has(name)) this.cells.set(name, `n/a [${n}]`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `run` gets a signal that aborts when `ms` have passed; the returned promise rejects then. */
async function withTimeout<T>(what: string, ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${what}: no result after ${Math.round(ms / 1000)} s, skipped`));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Run one step under a time limit; when it fails, its figures become n/a with the reason. */
async function step<T>(
  column: Column,
  names: string[],
  what: string,
  ms: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T | undefined> {
  console.error(`${column.label}: ${what}`);
  try {
    return await withTimeout(what, ms, run);
  } catch (error) {
    column.fail(names, what, error);
    return undefined;
  }
}

function headersFor(page: PageSpec, cookie: string): Record<string, string> {
  return page.signedIn ? { cookie } : {};
}

/** One GET; throws unless the page itself answers (a signed-in page without a session redirects). */
async function fetchPage(server: Server, page: PageSpec, cookie: string) {
  const answer = await getPage(server.baseUrl, page.path, headersFor(page, cookie));
  if (answer.status !== 200) {
    throw new Error(
      `GET ${page.path} answered ${answer.status}${answer.location ? ` → ${answer.location}` : ''}, expected 200`,
    );
  }
  return answer.html as string;
}

type LoadResult = {
  requests: { average: number; total: number };
  latency: { p50: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};

/** autocannon on one URL; stopped when the signal aborts. */
function load(url: string, headers: Record<string, string>, seconds: number, signal: AbortSignal) {
  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: seconds, headers },
      (error: Error | null, result: LoadResult) => (error ? reject(error) : resolve(result)),
    );
    signal.addEventListener('abort', () => instance.stop());
  });
}

/** The session cookie (`name=value`) for a browser context: host-only, Secure, path / (what `__Host-` needs). */
function browserCookie(cookie: string, baseUrl: string) {
  const eq = cookie.indexOf('=');
  return {
    name: cookie.slice(0, eq),
    value: cookie.slice(eq + 1),
    domain: new URL(baseUrl).hostname,
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax' as const,
  };
}

async function newContext(browser: Browser, server: Server, signedIn: boolean, cookie: string, signal: AbortSignal) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // A stalled step closes its context, which ends whatever waits on it.
  signal.addEventListener('abort', () => void context.close().catch(() => {}));
  if (signedIn) await context.addCookies([browserCookie(cookie, server.baseUrl)]);
  return context;
}

async function openIn(context: BrowserContext, server: Server, pathname: string) {
  const tab = await context.newPage();
  tab.setDefaultTimeout(30_000);
  const scripts: Response[] = [];
  tab.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response);
  });
  await tab.goto(`${server.baseUrl}${pathname}`, { waitUntil: 'load', timeout: 60_000 });
  await tab.waitForLoadState('networkidle', { timeout: 30_000 });
  const url = new URL(tab.url());
  const landed = url.pathname + url.search;
  if (landed !== pathname) throw new Error(`the browser landed on ${landed} instead of ${pathname}`);
  return { tab, scripts };
}

/**
 * The script files a first visit downloads, gzip-compressed: their transferred size when the
 * server sent them gzipped, otherwise their body gzipped here at level 6.
 */
async function coldLoadJs(browser: Browser, server: Server, page: PageSpec, cookie: string, signal: AbortSignal) {
  const context = await newContext(browser, server, page.signedIn, cookie, signal);
  try {
    const { scripts } = await openIn(context, server, page.path);
    const files: { name: string; bytes: number }[] = [];
    for (const response of scripts) {
      const encoding = await response.headerValue('content-encoding');
      const sent = encoding === 'gzip' ? (await response.request().sizes()).responseBodySize : 0;
      // Not gzipped by the server (files under 1 KB are sent as they are): gzip the body here.
      const bytes = sent > 0 ? sent : gzipSync(await response.body(), { level: 6 }).length;
      files.push({ name: new URL(response.url()).pathname.split('/').pop() ?? '', bytes });
    }
    files.sort((a, b) => b.bytes - a.bytes);
    return { bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
  } finally {
    await context.close().catch(() => {});
  }
}

type CdpRequest = {
  requestId: string;
  timestamp: number;
  request: { method: string; headers: Record<string, string> };
};
type CdpData = { requestId: string; timestamp: number; dataLength: number };
type CdpEnd = { requestId: string; timestamp: number };
/** The request's own timing: ms after `requestTime` (s). */
type CdpResponse = { requestId: string; response: { timing?: { sendEnd: number; receiveHeadersEnd: number } } };

/**
 * SAVES saves of the profile form the way a person does with JavaScript on: type a job title,
 * click the form's submit button; the page posts a server action (a POST with a `next-action`
 * header). Each is timed from the moment the page sends the POST to the last byte of its answer,
 * from Chromium's own network events: the page sometimes stops reading the answer after its last
 * byte, which Chromium reports as an aborted request, and Playwright's Response then never finishes.
 */
async function profileSaves(browser: Browser, server: Server, cookie: string, signal: AbortSignal) {
  const context = await newContext(browser, server, true, cookie, signal);
  try {
    const { tab } = await openIn(context, server, '/settings/profile');
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    /** Requests in flight, and the action POSTs: start, last data, decoded bytes, end. */
    const inFlight = new Set<string>();
    const actions = new Map<string, { start: number; last: number; bytes: number; wait?: number; done?: () => void }>();
    let others = 0;
    cdp.on('Network.requestWillBeSent', (event: CdpRequest) => {
      inFlight.add(event.requestId);
      const isAction =
        event.request.method === 'POST' &&
        Object.keys(event.request.headers).some((h) => h.toLowerCase() === 'next-action');
      if (isAction) actions.set(event.requestId, { start: event.timestamp, last: event.timestamp, bytes: 0 });
      else others++;
    });
    cdp.on('Network.responseReceived', (event: CdpResponse) => {
      const action = actions.get(event.requestId);
      const timing = event.response.timing;
      // From the request's last byte sent to its answer's headers: the server's part, as the page sees it.
      if (action && timing) action.wait = timing.receiveHeadersEnd - timing.sendEnd;
    });
    cdp.on('Network.dataReceived', (event: CdpData) => {
      const action = actions.get(event.requestId);
      if (!action) return;
      action.bytes += event.dataLength;
      action.last = Math.max(action.last, event.timestamp);
    });
    const ended = (event: CdpEnd) => {
      inFlight.delete(event.requestId);
      actions.get(event.requestId)?.done?.();
    };
    cdp.on('Network.loadingFinished', ended);
    cdp.on('Network.loadingFailed', ended);

    /** Resolves when nothing has been in flight for 500 ms (the prefetches a save sets off). */
    const quiet = async () => {
      const deadline = Date.now() + 30_000;
      let calmSince = Date.now();
      while (Date.now() - calmSince < 500) {
        if (Date.now() > deadline) throw new Error(`requests still in flight after 30 s`);
        if (inFlight.size) calmSince = Date.now();
        await sleep(50);
      }
    };

    // The last save's request as the page sent it, for the server-only replay after the loop.
    let sent: SavedRequest | undefined;
    tab.on('request', (request) => {
      const headers = request.headers();
      const body = request.postDataBuffer();
      if (request.method() === 'POST' && headers['next-action'] && body) sent = { headers, body };
    });
    const field = tab.getByLabel('Job title', { exact: true });
    const form = tab.locator('form').filter({ has: field });
    const submit = form.locator('button[type="submit"]');
    const times: number[] = [];
    const sizes: number[] = [];
    const waits: number[] = [];
    let value = '';
    await quiet();
    others = 0;
    // The page's main thread: its tasks (scripts, style, layout) from typing to the settled form.
    await cdp.send('Performance.enable');
    const busyMs = async () =>
      1000 * ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN);
    let busy = 0;
    const cpuBefore = server.cpuMs();
    for (let i = 0; i < SAVES; i++) {
      value = `Bench title ${i % 2 ? 'A' : 'B'}`;
      const busyBefore = await busyMs();
      await field.fill(value);
      const seen = new Set(actions.keys());
      await submit.click();
      // The POST this click sent, and its end.
      const id = await withTimeout(`save ${i + 1}: the action POST`, 30_000, async (stop) => {
        for (;;) {
          const fresh = [...actions.keys()].find((key) => !seen.has(key));
          if (fresh) return fresh;
          if (stop.aborted) throw new Error('stopped');
          await sleep(10);
        }
      });
      const action = actions.get(id)!;
      if (inFlight.has(id)) {
        await withTimeout(
          `save ${i + 1}: the answer to the action POST`,
          30_000,
          () => new Promise<void>((resolve) => (action.done = resolve)),
        );
      }
      times.push((action.last - action.start) * 1000);
      sizes.push(action.bytes);
      if (action.wait != null) waits.push(action.wait);
      // The form is settled again when the button is no longer busy; a refused save shows an alert.
      await form.locator('button[type="submit"][aria-busy]').waitFor({ state: 'detached' });
      const alert = form.locator('[role="alert"]');
      if (await alert.count()) throw new Error(`save ${i + 1} was refused: ${(await alert.innerText()).trim()}`);
      await form.locator('[role="status"]').waitFor();
      busy += (await busyMs()) - busyBefore;
      await quiet();
    }
    const cpuAfter = server.cpuMs();
    // The last value must be what is stored now.
    const html = await fetchPage(server, PAGES[0], cookie);
    if (!html.includes(`value="${value}"`)) throw new Error(`after the saves the page does not show "${value}"`);
    return {
      p50: percentile(times, 50),
      wait: waits.length === SAVES ? percentile(waits, 50) : null,
      browserMs: busy / SAVES,
      kb: kb(percentile(sizes, 50)),
      cpuPerSave: cpuBefore != null && cpuAfter != null ? (cpuAfter - cpuBefore) / SAVES : null,
      othersPerSave: others / SAVES,
      sent,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

type SavedRequest = { headers: Record<string, string>; body: Buffer };

/** A multipart field's value in a body React encoded (its names carry a prefix such as `_1_`). */
function fieldPattern(name: string) {
  return new RegExp(`(name="(?:_\\d+_)?${name}"\r\n\r\n)[^\r]*`);
}

/**
 * The server's own part of a save: the last save's POST as Chromium sent it, replayed
 * REPLAYED_SAVES times one after the other over one kept-alive connection, each a real save
 * (the next version, another job title) answered "saved". Timed from the request's first byte
 * to the answer's last; no browser shares the CPU. `pauseMs` apart, or none; `done` saves were
 * replayed before (their versions are taken).
 */
async function replayedSaves(
  server: Server,
  cookie: string,
  sent: SavedRequest,
  signal: AbortSignal,
  { warm, saves, pauseMs, done }: { warm: number; saves: number; pauseMs: number; done: number },
) {
  const template = sent.body.toString('latin1');
  const versionField = fieldPattern('version');
  const titleField = fieldPattern('jobTitle');
  const sentVersion = Number(versionField.exec(template)?.[0].split('\r\n\r\n')[1]);
  if (!Number.isInteger(sentVersion)) throw new Error('no version field in the save the page sent');
  // Playwright lists the headers the page set; the browser's own (Origin, the cookie) are added here.
  const headers: Record<string, string> = { ...sent.headers, origin: server.origin, cookie };
  for (const name of Object.keys(headers)) if (name.startsWith(':') || name === 'content-length') delete headers[name];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = (body: Buffer) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        `${server.baseUrl}/settings/profile`,
        { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) }, signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const times: number[] = [];
  let title = '';
  const cpuBefore = server.cpuMs();
  try {
    for (let i = 0; i < warm + saves; i++) {
      // The stored version is one past the one the page sent with its last save.
      title = `Replayed title ${done + i}`;
      const body = Buffer.from(
        template.replace(versionField, `$1${sentVersion + 1 + done + i}`).replace(titleField, `$1${title}`),
        'latin1',
      );
      if (pauseMs) await sleep(pauseMs);
      const start = process.hrtime.bigint();
      const answer = await post(body);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (answer.status !== 200 || !answer.text.includes('"status":"success"')) {
        throw new Error(`replayed save ${i + 1} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
      }
      if (i >= warm) times.push(ms);
    }
  } finally {
    agent.destroy();
  }
  const cpuAfter = server.cpuMs();
  const html = await fetchPage(server, PAGES[0], cookie);
  if (!html.includes(`value="${title}"`)) throw new Error(`after the replayed saves the page does not show "${title}"`);
  return {
    p50: percentile(times, 50),
    cpuPerSave: cpuBefore != null && cpuAfter != null ? (cpuAfter - cpuBefore) / (warm + saves) : null,
  };
}

/** Everything measured on one running, seeded server. */
async function measure(column: Column, server: Server, cookie: string) {
  // A few warm requests, then rest: the idle figure is a server that has served each page.
  for (const page of PAGES) {
    for (let i = 0; i < 3; i++) await fetchPage(server, page, cookie).catch(() => {});
  }
  await sleep(5_000);
  column.set(figure.rssIdle, server.rssMb(), 0);

  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, server.rssMb() ?? 0);
  }, 250);
  try {
    for (const page of PAGES) {
      const url = `${server.baseUrl}${page.path}`;
      await step(column, [figure.html(page)], `GET ${page.path}`, 30_000, async () => {
        const html = await fetchPage(server, page, cookie);
        column.set(figure.html(page), kb(Buffer.byteLength(html)));
        if (SAVE_HTML) {
          mkdirSync(SAVE_HTML, { recursive: true });
          writeFileSync(path.join(SAVE_HTML, `${column.label}-${page.key}.html`), html);
        }
        if (page.key === 'users') {
          const tbody = /<tbody\b[\s\S]*?<\/tbody>/i.exec(html)?.[0] ?? '';
          console.error(`  ${page.path} shows ${(tbody.match(/<tr\b/gi) ?? []).length} table rows`);
        }
      });
      const names = [figure.rps(page), figure.p50(page), figure.cpu(page)];
      await step(column, names, `load on ${page.path}`, (WARM_UP_S + ROUNDS * DURATION + 60) * 1000, async (signal) => {
        await load(url, headersFor(page, cookie), WARM_UP_S, signal);
        const rounds: { rps: number; p50: number; cpu: number | null }[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const cpuBefore = server.cpuMs();
          const result = await load(url, headersFor(page, cookie), DURATION, signal);
          const cpuAfter = server.cpuMs();
          if (signal.aborted) throw new Error('stopped');
          rounds.push({
            rps: result.requests.average,
            p50: result.latency.p50,
            cpu:
              cpuBefore != null && cpuAfter != null && result.requests.total > 0
                ? (cpuAfter - cpuBefore) / result.requests.total
                : null,
          });
          if (result.non2xx || result.errors || result.timeouts) {
            column.note(
              `${page.path} under load, round ${round + 1}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.requests.total} requests`,
            );
          }
        }
        console.error(`  CPU ms/req by round: ${rounds.map((r) => r.cpu?.toFixed(1) ?? 'n/a').join(', ')}`);
        column.set(figure.rps(page), median(rounds.map((r) => r.rps)));
        column.set(figure.p50(page), median(rounds.map((r) => r.p50)), 0);
        column.setRounds(
          figure.cpu(page),
          rounds.map((r) => r.cpu),
        );
      });
    }
  } finally {
    clearInterval(sampler);
  }
  column.set(figure.rssPeak, peak || null, 0);

  const browserFigures = [...PAGES.map(figure.js), ...SAVE_FIGURES];
  const browser = await step(column, browserFigures, `launch ${chromiumPath}`, 60_000, () =>
    chromium.launch({
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
      // Ctrl-C is bench/lib/server.mjs's to handle (it drops the databases); the browser is
      // killed at exit all the same.
      handleSIGINT: false,
      handleSIGTERM: false,
    }),
  );
  if (!browser) return;
  try {
    for (const page of PAGES) {
      await step(column, [figure.js(page)], `cold load of ${page.path} in Chromium`, 120_000, async (signal) => {
        const js = await coldLoadJs(browser, server, page, cookie, signal);
        column.set(figure.js(page), kb(js.bytes));
        const largest = js.files.slice(0, 3).map((f) => `${f.name} ${kb(f.bytes).toFixed(1)}`);
        console.error(`  ${js.files.length} script files; largest (gzip KB): ${largest.join(', ')}`);
      });
    }
    const sent = await step(
      column,
      SAVE_FIGURES,
      `${SAVES} profile saves in Chromium`,
      60_000 + SAVES * 15_000,
      async (signal) => {
        const saves = await profileSaves(browser, server, cookie, signal);
        column.set(figure.saveP50, saves.p50);
        column.set(figure.saveWait, saves.wait);
        column.set(figure.saveBrowser, saves.browserMs);
        column.set(figure.saveKb, saves.kb);
        column.set(figure.saveCpu, saves.cpuPerSave);
        column.set(figure.saveOthers, saves.othersPerSave);
        return saves.sent;
      },
    );
    if (!sent) column.fail(REPLAY_FIGURES, 'replaying the saves', new Error('no save was captured'));
    else
      await step(
        column,
        REPLAY_FIGURES,
        `${REPLAYED_SAVES} saves replayed without the browser, then ${PAUSED_SAVES} saves ${PAUSE_MS} ms apart`,
        120_000 + PAUSED_SAVES * PAUSE_MS,
        async (signal) => {
          const hot = { warm: WARM_SAVES, saves: REPLAYED_SAVES, pauseMs: 0, done: 0 };
          const replayed = await replayedSaves(server, cookie, sent, signal, hot);
          column.set(figure.replayP50, replayed.p50);
          column.set(figure.replayCpu, replayed.cpuPerSave);
          const done = WARM_SAVES + REPLAYED_SAVES;
          const paused = await replayedSaves(server, cookie, sent, signal, {
            warm: 0,
            saves: PAUSED_SAVES,
            pauseMs: PAUSE_MS,
            done,
          });
          column.set(figure.pausedP50, paused.p50);
          column.set(figure.pausedCpu, paused.cpuPerSave);
        },
      );
  } finally {
    await browser.close().catch(() => {});
  }
}

async function seedInto(handle: DbHandle) {
  const seeded = await seedSetUpOrganization(handle, USERS);
  console.error(`  ${USERS} users seeded in ${seeded.seconds.toFixed(1)} s`);
}

/** PGlite: set up, stop the server, seed its data directory, start it again on the same data. */
async function onPglite(column: Column) {
  const dataDir = benchTempDir('roster-bench-lean-');
  let server: Server | undefined;
  try {
    const ready = await step(column, FIGURES, 'start, set up, seed and sign in', 600_000, async () => {
      const first: Server = await startServer({ dataDir });
      try {
        await completeSetup(first);
      } finally {
        await first.stop();
      }
      const handle = await openPglite(dataDir);
      try {
        await seedInto(handle);
      } finally {
        await handle.close();
      }
      server = await startServer({ dataDir });
      return (await signIn(server)).cookie as string;
    });
    if (server && ready) await measure(column, server, ready);
  } finally {
    if (server) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** PostgreSQL: a new database on the server of `url`, seeded while the app runs, dropped afterwards. */
async function onPostgres(column: Column, url: string) {
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let server: Server | undefined;
  try {
    const ready = await step(
      column,
      FIGURES,
      'create a database, start, set up, seed and sign in',
      600_000,
      async () => {
        database = await createBenchDatabase(url);
        server = await startServer({ databaseUrl: database!.url });
        await completeSetup(server);
        const handle = await openPostgres(database!.url, 2);
        try {
          await seedInto(handle);
        } finally {
          await handle.close();
        }
        return (await signIn(server)).cookie as string;
      },
    );
    if (server && ready) await measure(column, server, ready);
  } finally {
    if (server) await server.stop();
    if (database) await database.drop().catch((error: Error) => console.error(`Could not drop: ${error.message}`));
  }
}

function commit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

function buildInfo() {
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  try {
    const built = statSync(path.join(repoRoot, distDir, 'BUILD_ID')).mtime.toISOString();
    return `build ${distDir} of ${built.slice(0, 16).replace('T', ' ')} UTC`;
  } catch {
    return `build ${distDir} (none found)`;
  }
}

if (process.env.BENCH_URL) {
  throw new Error('bench/lean.ts starts its own servers (it seeds their databases): unset BENCH_URL.');
}

console.log(
  `# Lean pages (Node ${process.version}, ${os.cpus().length} CPUs, ${loadAverage()}, ${new Date().toISOString()}, commit ${commit()})`,
);
console.log(
  `${buildInfo()}; ${USERS} users; autocannon ${CONNECTIONS} connections, ${ROUNDS} × ${DURATION} s after ${WARM_UP_S} s warm-up; ` +
    `${SAVES} profile saves; ROSTER_JOBS=${process.env.ROSTER_JOBS ?? 'on'}; KB = 1,000 bytes, MB = 1,048,576 bytes\n`,
);

const columns: Column[] = [];
// BENCH_PGLITE=off: PostgreSQL only (e.g. for BENCH_USERS=100000, whose seeding is slow on PGlite).
if (process.env.BENCH_PGLITE !== 'off') {
  columns.push(new Column('PGlite'));
  await onPglite(columns.at(-1)!);
}
if (adminUrl) {
  columns.push(new Column('PostgreSQL'));
  await onPostgres(columns.at(-1)!, adminUrl);
}

console.log(`| Figure | ${columns.map((c) => c.label).join(' | ')} |`);
console.log(`| --- | ${columns.map(() => '---:').join(' | ')} |`);
for (const name of FIGURES) {
  console.log(`| ${name} | ${columns.map((c) => c.cells.get(name) ?? 'n/a').join(' | ')} |`);
}
console.log(`\nAt the end: ${loadAverage()}, ${new Date().toISOString()}.`);
if (!adminUrl) console.log('PostgreSQL skipped (BENCH_DATABASE_URL=off).');
if (notes.length) console.log(`\n${notes.map((text, i) => `[${i + 1}] ${text}`).join('\n')}`);
if (failures) process.exitCode = 1;
