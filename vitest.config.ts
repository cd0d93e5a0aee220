import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      { find: /^server-only$/, replacement: path.join(root, 'tests/shims/empty.ts') },
      { find: /^next\/headers(\.js)?$/, replacement: path.join(root, 'tests/shims/next-headers.ts') },
      { find: /^next\/cache(\.js)?$/, replacement: path.join(root, 'tests/shims/next-cache.ts') },
      // As in next.config.mjs: the catalogs reach use-intl compiled.
      {
        find: /^use-intl\/format-message$/,
        replacement: createRequire(import.meta.url).resolve('use-intl/format-message/format-only'),
      },
    ],
  },
  test: {
    environment: 'node',
    include: ['{app,lib,db,components,tests}/**/*.test.{ts,tsx}'],
    globalSetup: ['tests/global-setup.ts', 'tests/support/pglite-template.ts', 'tests/support/native-addons.ts'],
    setupFiles: ['tests/setup.ts'],
    // Each file in a worker thread of its own: starting a thread costs far less than starting a
    // process. One per core: the files spend most of their time computing (the embedded database,
    // argon2, rendering), and Vitest's default leaves one core to the main process, which has
    // little to do.
    pool: 'threads',
    maxWorkers: os.availableParallelism(),
    // Generous: a limit only ends a hung test; a busy machine must not fail a correct one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    server: { deps: { inline: ['next-auth', '@auth/core', 'use-intl'] } },
  },
});
