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
