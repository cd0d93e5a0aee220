import { describe, expect, it } from 'vitest';

import {
  isClientSource,
  isServerActionSource,
  readSource,
  resolveProjectImport,
  runtimeImports,
  sourceFiles,
} from './support/source-imports';

/**
 * The sign-in pages (password, second factor, forgotten password) are the first every person
 * loads, with an empty cache. Their forms are checked by the server alone
 * (components/forms/use-server-form.ts), so nothing the browser runs there may pull in the form
 * library or a zod schema.
 */
const PAGES = ['app/sign-in', 'app/forgot-password'];
const HEAVY = [/^react-hook-form$/, /^@hookform\//, /^zod(\/|$)/, /^@\/lib\/actions\/zod$/];

/** Every package a client component under `dirs` brings into the browser, with the file that imports it. */
function browserPackages(dirs: string[]): Array<{ file: string; spec: string }> {
  const found: Array<{ file: string; spec: string }> = [];
  const seen = new Set<string>();
  const visit = (file: string, inBrowser: boolean) => {
    const source = readSource(file);
    if (isServerActionSource(source)) return;
    const browser = inBrowser || isClientSource(source);
    const key = `${file}|${browser}`;
    if (seen.has(key)) return;
    seen.add(key);
    for (const spec of runtimeImports(source)) {
      const local = resolveProjectImport(file, spec);
      if (browser) found.push({ file, spec });
      if (local) visit(local, browser);
    }
  };
  for (const file of dirs.flatMap(sourceFiles)) visit(file, false);
  return found;
}

describe('the sign-in pages', () => {
  it('run no form library and no zod schema in the browser', () => {
    const heavy = browserPackages(PAGES).filter(({ spec }) => HEAVY.some((pattern) => pattern.test(spec)));
    expect(heavy.map(({ file, spec }) => `${file} imports ${spec}`)).toEqual([]);
  });

  it('would notice one (the check sees the forms of the settings pages)', () => {
    const heavy = browserPackages(['app/(account)/settings/profile']).filter(({ spec }) =>
      HEAVY.some((pattern) => pattern.test(spec)),
    );
    expect(heavy.length).toBeGreaterThan(0);
  });
});
