/*
 * Roster's service worker: the offline page, and browser notifications (Web Push).
 *
 * Pages are rendered on the server for each person, so nothing else is ever kept: a page is
 * always asked of the network, and only when the network fails does the kept "You are offline"
 * page (app/offline/route.ts) take its place. Other requests (scripts, styles, API calls, form
 * posts) are left to the browser as if there were no service worker.
 */

/** Change the version whenever the kept files change: the old copies are deleted on activate. */
const CACHE = 'roster-offline-v1';
const OFFLINE_PAGE = '/offline';
/** What the offline page shows, and the installed app's icons. */
const KEPT = [OFFLINE_PAGE, '/icons/icon-192.png', '/icons/icon-512.png', '/icons/icon-maskable-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Fresh copies, not the browser's HTTP cache's.
      await cache.addAll(KEPT.map((url) => new Request(url, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith('roster-') && name !== CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

/** The kept copy of a file, or nothing. */
async function kept(path) {
  const cache = await caches.open(CACHE);
  return cache.match(path, { ignoreSearch: true, ignoreVary: true });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Network first, always; the offline page only when the network gives no answer at all
    // (an error page from the server is still the server's answer).
    event.respondWith(
      fetch(request).catch(async (error) => {
        const page = await kept(OFFLINE_PAGE);
        if (page) return page;
        throw error;
      }),
    );
    return;
  }
  if (KEPT.includes(url.pathname) && url.pathname !== OFFLINE_PAGE) {
    // The offline page's picture: from the network while there is one, else the kept copy.
    event.respondWith(
      fetch(request).catch(async (error) => {
        const file = await kept(url.pathname);
        if (file) return file;
        throw error;
      }),
    );
  }
});

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : '' };
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'Roster';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      icon: '/icon.svg',
      tag: typeof data.id === 'string' ? data.id : undefined,
      data: { url: typeof data.url === 'string' ? data.url : null },
    }),
  );
});

/** Only our own pages are opened: a payload cannot send the person to another site. */
function sameOriginUrl(url) {
  try {
    const target = new URL(url || '/notifications', self.location.origin);
    return target.origin === self.location.origin ? target.href : null;
  } catch {
    return null;
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = sameOriginUrl(event.notification.data && event.notification.data.url) || sameOriginUrl('/notifications');
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const client of windows) {
        if (client.url === url && 'focus' in client) return client.focus();
      }
      return self.clients.openWindow(url);
    })(),
  );
});
