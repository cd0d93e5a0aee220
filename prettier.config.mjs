/** Formatting for the whole repository; `npm run format` writes it, `npm run format:check` checks it in CI. */
const config = {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
  plugins: ['@ianvs/prettier-plugin-sort-imports'],
  // Packages first, then the app's own modules (@/…), then relative imports.
  importOrder: ['<BUILTIN_MODULES>', '<THIRD_PARTY_MODULES>', '', '^@/(.*)$', '', '^[.]'],
  importOrderTypeScriptVersion: '5.0.0',
};

export default config;
