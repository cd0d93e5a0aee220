import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { CLIENT_NAMESPACES, namespacesFor, type ClientArea } from './client-messages';
import { messagesFor } from './messages';

const root = path.join(import.meta.dirname, '../..');
const topLevel = new Set(Object.keys(messagesFor('en')));

function files(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return files(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** Files whose message keys reach the browser: client components and the zod schemas forms share. */
function reachesBrowser(file: string, source: string): boolean {
  return (
    /^\s*['"]use client['"]/m.test(source) ||
    /schemas?\.ts$/.test(file) ||
    file === path.join('lib', 'actions', 'schema-fields.ts')
  );
}

/** Shared components rendered only inside the signed-in areas: their keys must be in each. */
const SIGNED_IN_ONLY = new Set([
  path.join('components', 'photo', 'photo-forms.tsx'),
  path.join('lib', 'files', 'photo-schema.ts'),
]);

/** Domains in lib/ whose form schemas serve one settings area (docs/decisions/004-where-code-lives.md). */
const LIB_DOMAIN_AREAS: Record<string, ClientArea[]> = {
  org: ['org'],
  availability: ['account'],
  preferences: ['account'],
  profile: ['account'],
  security: ['account'],
};

function areasOf(file: string): ClientArea[] {
  if (file.startsWith(path.join('app', '(account)'))) return ['account'];
  if (file.startsWith(path.join('app', '(org)'))) return ['org'];
  if (SIGNED_IN_ONLY.has(file)) return ['account', 'org'];
  const [top, domain] = file.split(path.sep);
  if (top === 'lib' && Object.hasOwn(LIB_DOMAIN_AREAS, domain)) return LIB_DOMAIN_AREAS[domain];
  return ['public'];
}

/** Namespaces named by useTranslations('ns') and by key literals such as 'errors.required'. */
function namespacesIn(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/useTranslations\(\s*'([A-Za-z]+)'\s*\)/g)) found.add(m[1]);
  for (const m of source.matchAll(/['"`]([a-z][A-Za-z0-9]*)\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*['"`]/g)) {
    if (topLevel.has(m[1])) found.add(m[1]);
  }
  return [...found];
}

describe('messages sent to the browser', () => {
  it('cover every namespace a client component or a shared schema of its area uses', () => {
    const missing: string[] = [];
    for (const file of ['app', 'components', 'lib'].flatMap(files)) {
      const source = readFileSync(path.join(root, file), 'utf8');
      if (!reachesBrowser(file, source)) continue;
      for (const area of areasOf(file)) {
        const allowed = new Set(namespacesFor(area));
        for (const ns of namespacesIn(source)) if (!allowed.has(ns)) missing.push(`${file} (${area}): ${ns}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('name only namespaces that exist', () => {
    const named = Object.values(CLIENT_NAMESPACES).flat();
    expect(named.filter((ns) => !topLevel.has(ns))).toEqual([]);
  });
});
