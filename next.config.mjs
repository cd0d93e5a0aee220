import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The catalogs reach use-intl compiled (lib/i18n/messages.ts), so its formatter for compiled
 * messages replaces the one that parses ICU text: the browser is spared intl-messageformat.
 * Turbopack takes the alias as a path relative to the project; a bare package name is ignored.
 */
const formatOnly = `./${path.relative(
  import.meta.dirname,
  createRequire(import.meta.url).resolve('use-intl/format-message/format-only'),
)}`;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Standalone output only for the container image (its build sets ROSTER_STANDALONE=1; it runs
  // `node server.js`): `npm start` (`next start`) serves a plain build, and warns on every start
  // when the configuration asks for standalone output.
  output: process.env.ROSTER_STANDALONE === '1' ? 'standalone' : undefined,
  // Separate build folders let several builds or dev servers share one checkout.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `next dev` serves its live reload only to pages opened as localhost; 127.0.0.1 and [::1]
  // are the same machine, and proxy.ts accepts form posts from them in development too.
  allowedDevOrigins: ['127.0.0.1', '[::1]'],
  reactStrictMode: true,
  turbopack: { resolveAlias: { 'use-intl/format-message': formatOnly } },
  // Native and WASM packages stay plain Node requires rather than being bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg-boss', 'pino', '@node-rs/argon2', 'postgres', 'nodemailer'],
  experimental: {
    // With a proxy, Next.js hands a route at most this much of a request body (10 MB by default,
    // the rest silently cut off); the user import's upload route takes 50 MB plus multipart framing.
    proxyClientMaxBodySize: '51mb',
    // Each page's modules load on its first request instead of all at start: idle memory 193–198
    // → 170 MB on PostgreSQL, for 10–40 ms more on a page's first request after a restart.
    preloadEntriesOnStart: false,
    // A build keeps Turbopack's cache for the next one; a CI run starts from a clean checkout and
    // never reads it, and writing it took 25 s there.
    turbopackFileSystemCacheForBuild: process.env.CI !== 'true',
    serverActions: {
      bodySizeLimit: '8mb',
      // The reset and invitation pages send `Referrer-Policy: no-referrer`, under which browsers
      // post with `Origin: null`. proxy.ts lets such a post through only on those pages and only
      // with `Sec-Fetch-Site: same-origin`; everywhere else it refuses it before Next sees it.
      allowedOrigins: ['null'],
    },
  },
  // Local data (the embedded database, its secret, mail) must never ship inside a build.
  outputFileTracingExcludes: {
    '/**': ['./.data*/**', './.next-*/**', './e2e/**', './bench/**', './tests/**', './docs/**'],
  },
  outputFileTracingIncludes: {
    '/**': ['./db/migrations/**/*', './lib/security/common-passwords.txt', './messages/**/*'],
  },
  // The service worker is checked for a new version on every page load, never kept stale.
  async headers() {
    return [
      {
        source: '/sw.js',
        headers: [
          { key: 'Cache-Control', value: 'no-cache' },
          { key: 'Service-Worker-Allowed', value: '/' },
        ],
      },
    ];
  },
};

export default nextConfig;
