'use client';

import { useEffect } from 'react';

/** Chrome's and Edge's offer to install the site (not in TypeScript's DOM types). */
export type InstallOffer = Event & {
  prompt: () => Promise<unknown>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
};

let offer: InstallOffer | null = null;
let installedNow = false;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());

// Listened for as soon as this code loads, on every page: the browser makes its offer once per
// document, often before the page that shows the "Install app" button is open. The browser's
// own offer (its address-bar icon, its banner on phones) stays as it is.
if (typeof window !== 'undefined') {
  addEventListener('beforeinstallprompt', (event) => {
    offer = event as InstallOffer;
    changed();
  });
  addEventListener('appinstalled', () => {
    offer = null;
    installedNow = true;
    changed();
  });
}

export function subscribeInstallOffer(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The browser's offer to install Roster, while it stands (Chrome and Edge only). */
export const currentInstallOffer = () => offer;

/** True once the browser said Roster was installed from this document. */
export const installedFromHere = () => installedNow;

/** The offer, taken: a browser shows its install dialog once per offer. */
export function takeInstallOffer(): InstallOffer | null {
  const taken = offer;
  offer = null;
  changed();
  return taken;
}

/**
 * Registers the service worker (public/sw.js: the offline page, browser notifications) once the
 * page has loaded. Browsers allow service workers only in secure contexts (https://, or this
 * machine as localhost); elsewhere nothing happens. A failed registration changes nothing for
 * the page: the next page load tries again.
 */
export function ServiceWorker() {
  useEffect(() => {
    if (!('serviceWorker' in navigator) || !isSecureContext) return;
    const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => {});
    if (document.readyState === 'complete') register();
    else addEventListener('load', register, { once: true });
    return () => removeEventListener('load', register);
  }, []);
  return null;
}
