import next from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...next,
  ...nextTs,
  {
    // Test helpers named use* register vitest hooks, not React hooks.
    files: ['tests/**', 'e2e/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Layers (docs/decisions/004-where-code-lives.md): app and components → lib → db, never back.
    files: ['**/*.{ts,tsx,mjs}'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './db',
              from: ['./lib', './app', './components'],
              message:
                'db/ holds the schema and the connection only; it imports nothing from lib/, app/ or components/.',
            },
            {
              target: './lib',
              from: ['./app', './components'],
              message: 'lib/ is below app/ and components/: move what both need into lib/.',
            },
            {
              target: './components',
              from: ['./app', './db'],
              message: 'components/ is UI only: no pages, no database (call a function in lib/).',
            },
          ],
        },
      ],
    },
  },
  {
    // One zod: lib/actions/zod.ts sets the messages of checks that name none (catalog keys, never
    // zod's English text), and it is zod mini, small enough for the browser; schemas take `z` from there.
    files: ['**/*.{ts,tsx}'],
    ignores: ['lib/actions/zod.ts', 'lib/actions/zod-api.ts', 'components/ui/link.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...['zod', 'zod/mini', 'zod/v4', 'zod/v4/mini'].map((name) => ({
              name,
              allowTypeImports: true,
              message: "Import { z } from '@/lib/actions/zod'.",
            })),
            // Links without prefetching: every page is rendered per user (components/ui/link.tsx).
            { name: 'next/link', allowTypeImports: true, message: "Import { Link } from '@/components/ui/link'." },
          ],
        },
      ],
    },
  },
  {
    // Pages, actions and UI reach the database only through functions in lib/, with the handle
    // the gate hands them (ADR 004). The core rule, so the zod rule above still applies here.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'drizzle-orm', message: 'Query or write in a lib/<domain>/ function and call it from here.' },
            {
              name: '@/db',
              allowTypeImports: true,
              message:
                "Take db from the gate's context (lib/actions/define.ts, lib/auth/pages.ts, lib/http/route-handler.ts).",
            },
          ],
          patterns: [
            {
              group: ['@/db/schema', '@/db/schema/*'],
              allowTypeImports: true,
              message: 'Query or write in a lib/<domain>/ function and call it from here.',
            },
          ],
        },
      ],
    },
  },
  {
    ignores: [
      '.next/**',
      '.next-*/**',
      'node_modules/**',
      '.data*/**',
      'db/migrations/**',
      'next-env.d.ts',
      'bench/**/*.json',
    ],
  },
];

export default config;
