/* Roster's service worker: shows browser notifications (Web Push) and opens them. */

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
