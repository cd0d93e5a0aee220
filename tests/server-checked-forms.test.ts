import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The sign-in pages (password, second factor, forgotten password) are the first every person
 * loads, with an empty cache. Their forms are checked by the server alone
 * (components/forms/use-server-form.ts), so nothing the browser runs there may pull in the form
 * library or a zod schema.
 */
const root = path.join(import.meta.dirname, '..');
const PAGES = ['app/sign-in', 'app/forgot-password'];
const HEAVY = [/^react-hook-form$/, /^@hookform\//, /^zod(\/|$)/, /^@\/lib\/actions\/zod$/];

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  const base = spec.startsWith('@/') ? spec.slice(2) : path.join(path.dirname(from), spec);
  return ['.ts', '.tsx', '/index.ts', '/index.tsx']
    .map((ext) => base + ext)
    .find((f) => existsSync(path.join(root, f)));
}

/** Run-time imports (type-only ones skipped) of a source file. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
}

/** Every package a client component under `dirs` brings into the browser, with the file that imports it. */
function browserPackages(dirs: string[]): Array<{ file: string; spec: string }> {
  const found: Array<{ file: string; spec: string }> = [];
  const seen = new Set<string>();
  const visit = (file: string, inBrowser: boolean) => {
    const source = readFileSync(path.join(root, file), 'utf8');
    // A server action is a reference to the server, not code in the browser.
    if (/^\s*['"]use server['"]/m.test(source)) return;
    const browser = inBrowser || /^\s*['"]use client['"]/m.test(source);
    const key = `${file}|${browser}`;
    if (seen.has(key)) return;
    seen.add(key);
    for (const spec of importsOf(source)) {
      const local = spec.startsWith('@/') || spec.startsWith('.') ? resolve(file, spec) : undefined;
      if (browser) found.push({ file, spec });
      if (local) visit(local, browser);
    }
  };
  for (const file of dirs.flatMap(filesUnder)) visit(file, false);
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
