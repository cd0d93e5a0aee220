import type { MetadataRoute } from 'next';

/**
 * The web app manifest (`/manifest.webmanifest`, linked from every page's head): what a browser
 * needs to offer Roster as an app of its own, opening on the profile in a window without tabs.
 * Colours are the app's: the brand blue of its buttons (globals.css `--color-brand-600` in sRGB)
 * for the title bar, the page background (`bg-zinc-50`) for the launch screen. The icons are
 * drawn from app/icon.svg by scripts/make-icons.mjs.
 */
const MANIFEST_THEME_COLOR = '#2b58d6';
const MANIFEST_BACKGROUND_COLOR = '#fafafa';

export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: 'Roster',
    short_name: 'Roster',
    description: 'Account settings and organization administration.',
    start_url: '/settings/profile',
    scope: '/',
    display: 'standalone',
    theme_color: MANIFEST_THEME_COLOR,
    background_color: MANIFEST_BACKGROUND_COLOR,
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
