import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { NextRequest } from 'next/server';
import { createElement, type ComponentProps } from 'react';
import { renderToString } from 'react-dom/server';
import sharp from 'sharp';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';

import { InstallApp } from '@/app/(account)/settings/devices/install-app';
import manifest from '@/app/manifest';
import { GET as offlineRoute } from '@/app/offline/route';
import { compiledMessagesFor } from '@/lib/i18n/messages';

// The installable app: the manifest and its icons, the offline page, the service worker that
// keeps it, and the "Install app" card as a browser without JavaScript gets it.

const root = path.resolve(import.meta.dirname, '../..');
const ORIGIN = 'http://localhost:3000';

describe('web app manifest', () => {
  const m = manifest();

  it('names the app, opens on the profile in a window of its own, in the app’s colours', () => {
    expect(m).toMatchObject({
      name: 'Roster',
      short_name: 'Roster',
      start_url: '/settings/profile',
      scope: '/',
      display: 'standalone',
      theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/),
      background_color: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
  });

  it('lists 192 and 512 pixel PNG icons and a maskable 512 one, each a file of exactly that size', async () => {
    const icons = m.icons ?? [];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of icons) {
      expect(icon.type).toBe('image/png');
      const file = path.join(root, 'public', icon.src);
      expect(existsSync(file), icon.src).toBe(true);
      const meta = await sharp(file).metadata();
      expect(`${meta.format} ${meta.width}x${meta.height}`, icon.src).toBe(`png ${icon.sizes}`);
    }
  });

  it('the maskable icon fills its square (no transparent corners for a mask to show)', async () => {
    const { data, info } = await sharp(path.join(root, 'public/icons/icon-maskable-512.png'))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const alphaAt = (x: number, y: number) => data[(y * info.width + x) * info.channels + 3];
    expect([alphaAt(0, 0), alphaAt(511, 0), alphaAt(0, 511), alphaAt(511, 511)]).toEqual([255, 255, 255, 255]);
  });
});

describe('offline page', () => {
  const get = (language: string) =>
    offlineRoute(new NextRequest(`${ORIGIN}/offline`, { headers: { 'accept-language': language } }));

  it('is one self-contained page in the browser’s language: one main, one h1, "Try again" reloads the address', async () => {
    const response = get('en-US,en;q=0.9');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html.match(/<main\b/g)).toHaveLength(1);
    expect(html.match(/<h1\b/g)).toHaveLength(1);
    expect(html).toContain('<h1>You are offline</h1>');
    expect(html).toContain('<a href="">Try again</a>');
    expect(html).toContain('lang="en"');
    // Nothing that would need the network: no scripts, no stylesheet files.
    expect(html).not.toMatch(/<script\b|rel="stylesheet"/);

    const german = await get('de-DE,de;q=0.9').text();
    expect(german).toContain('<h1>Sie sind offline</h1>');
    expect(german).toContain('lang="de"');
    expect(await get('ru').text()).toContain('lang="ru"');
  });

  it('every image it shows is one the service worker keeps', async () => {
    const html = await get('en').text();
    const sources = [...html.matchAll(/(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    const sw = readFileSync(path.join(root, 'public/sw.js'), 'utf8');
    for (const source of sources) expect(sw).toContain(`'${source}'`);
  });
});

// ---------------------------------------------------------------- the service worker, run in a sandbox

type Handler = (event: Record<string, unknown>) => void;
type FakeResponse = { body: string; status: number };

/** public/sw.js with fake `self`, `caches` and `fetch`: what it keeps, and what it answers. */
function loadServiceWorker(network: (url: string) => Promise<FakeResponse>) {
  const handlers = new Map<string, Handler>();
  const stores = new Map<string, Map<string, FakeResponse>>();
  const calls = { skipWaiting: 0, claim: 0, fetched: [] as string[] };
  const open = async (name: string) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const store = stores.get(name)!;
    return {
      addAll: async (requests: Array<{ url: string; cache?: string }>) => {
        for (const request of requests) {
          expect(request.cache).toBe('reload');
          store.set(new URL(request.url).pathname, await network(request.url));
        }
      },
      put: async () => {
        throw new Error('the service worker must not keep anything it was not told to');
      },
      match: async (url: string) => store.get(new URL(url, ORIGIN).pathname),
    };
  };
  class FakeRequest {
    url: string;
    cache?: string;
    constructor(url: string, init?: { cache?: string }) {
      this.url = new URL(url, ORIGIN).href;
      this.cache = init?.cache;
    }
  }
  const self = {
    location: new URL(`${ORIGIN}/sw.js`),
    addEventListener: (type: string, handler: Handler) => handlers.set(type, handler),
    skipWaiting: async () => void calls.skipWaiting++,
    clients: { claim: async () => void calls.claim++ },
    registration: {},
  };
  const context = vm.createContext({
    self,
    URL,
    Request: FakeRequest,
    caches: {
      open,
      keys: async () => [...stores.keys()],
      delete: async (name: string) => stores.delete(name),
    },
    fetch: (request: { url: string }) => {
      calls.fetched.push(request.url);
      return network(request.url);
    },
  });
  vm.runInContext(readFileSync(path.join(root, 'public/sw.js'), 'utf8'), context);

  async function lifecycle(type: 'install' | 'activate') {
    let work: Promise<unknown> = Promise.resolve();
    handlers.get(type)!({ waitUntil: (p: Promise<unknown>) => (work = p) });
    await work;
  }
  /** The answer to a request, or null when the worker leaves it to the browser. */
  async function request(url: string, { method = 'GET', mode = 'cors' } = {}): Promise<FakeResponse | null> {
    let answer: Promise<FakeResponse> | null = null;
    handlers.get('fetch')!({
      request: { url: new URL(url, ORIGIN).href, method, mode },
      respondWith: (p: Promise<FakeResponse>) => (answer = p),
    });
    return answer;
  }
  return { lifecycle, request, stores, calls };
}

describe('service worker', () => {
  const online = async (url: string) => ({ body: `network ${new URL(url).pathname}`, status: 200 });

  it('keeps the offline page and the icons when it installs, and drops older versions of its own when it activates', async () => {
    const sw = loadServiceWorker(online);
    sw.stores.set('roster-offline-v0', new Map());
    sw.stores.set('another-app', new Map());
    await sw.lifecycle('install');
    const names = [...sw.stores.keys()].filter((n) => n !== 'roster-offline-v0' && n !== 'another-app');
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^roster-/);
    expect([...sw.stores.get(names[0])!.keys()].sort()).toEqual([
      '/icons/icon-192.png',
      '/icons/icon-512.png',
      '/icons/icon-maskable-512.png',
      '/offline',
    ]);
    expect(sw.calls.skipWaiting).toBe(1);
    await sw.lifecycle('activate');
    expect([...sw.stores.keys()].sort()).toEqual(['another-app', names[0]]);
    expect(sw.calls.claim).toBe(1);
  });

  it('asks the network for every page, and shows the kept offline page only when the network fails', async () => {
    let up = true;
    const sw = loadServiceWorker(async (url) => {
      if (!up) throw new TypeError('Failed to fetch');
      return online(url);
    });
    await sw.lifecycle('install');
    await sw.lifecycle('activate');
    expect(await sw.request('/settings/profile', { mode: 'navigate' })).toEqual({
      body: 'network /settings/profile',
      status: 200,
    });
    up = false;
    expect(await sw.request('/settings/profile', { mode: 'navigate' })).toEqual({
      body: 'network /offline',
      status: 200,
    });
    // The icon the offline page shows comes from the kept copy.
    expect(await sw.request('/icons/icon-192.png', { mode: 'no-cors' })).toEqual({
      body: 'network /icons/icon-192.png',
      status: 200,
    });
    // Back online, pages are the network's again: nothing was kept on the way.
    up = true;
    expect(await sw.request('/settings/general', { mode: 'navigate' })).toEqual({
      body: 'network /settings/general',
      status: 200,
    });
  });

  it('leaves form posts, API calls, scripts and other sites to the browser', async () => {
    const sw = loadServiceWorker(online);
    await sw.lifecycle('install');
    expect(await sw.request('/settings/profile', { mode: 'navigate', method: 'POST' })).toBeNull();
    expect(await sw.request('/api/v1/me')).toBeNull();
    expect(await sw.request('/settings/profile?_rsc=1')).toBeNull();
    expect(await sw.request('/_next/static/chunks/app.js', { mode: 'no-cors' })).toBeNull();
    expect(await sw.request('https://example.com/', { mode: 'navigate' })).toBeNull();
  });

  it('still shows browser notifications', () => {
    const sw = readFileSync(path.join(root, 'public/sw.js'), 'utf8');
    expect(sw).toContain("addEventListener('push'");
    expect(sw).toContain("addEventListener('notificationclick'");
  });
});

describe('"Install app" card', () => {
  it('without JavaScript, says where each browser’s menu has the install command', () => {
    const props = { locale: 'en', timeZone: 'UTC', messages: compiledMessagesFor('en') } as ComponentProps<
      typeof IntlProvider
    >;
    const html = renderToString(createElement(IntlProvider, props, createElement(InstallApp)));
    expect(html).toContain('Chrome or Edge');
    expect(html).toContain('Add to Home Screen');
    expect(html).toContain('Add to Dock');
    expect(html).toContain('Firefox on Android');
    // The button needs the browser's offer, which only scripts receive.
    expect(html).not.toContain('<button');
  });
});
