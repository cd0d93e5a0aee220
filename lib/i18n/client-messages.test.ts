import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  isClientSource,
  isServerActionSource,
  projectRoot,
  readSource,
  resolveProjectImport,
  runtimeImports,
  sourceFiles,
} from '@/tests/support/source-imports';

import { CLIENT_SCOPES, clientMessagesFor, namespacesFor, SHELL_NAMESPACES, type ClientScope } from './client-messages';
import { compiledMessagesFor, messagesFor } from './messages';

const topLevel = new Set(Object.keys(messagesFor('en')));

/** The scope a `layout.tsx` gives its folder, if it gives one. */
function scopeOfLayout(dir: string): ClientScope | undefined {
  const file = path.join(dir, 'layout.tsx');
  if (!existsSync(path.join(projectRoot, file))) return undefined;
  const named = /sectionMessages\('(\w+)'\)|<ClientMessages scope="(\w+)"/.exec(readSource(file));
  if (named) return (named[1] ?? named[2]) as ClientScope;
  return dir === 'app' ? 'shell' : undefined;
}

/**
 * Client components a page wraps in a provider of their own (`<ClientMessages scope="…">` around
 * them in the page), rather than their folder's layout.
 */
const WRAPPED: Record<string, ClientScope> = {
  // The profile page shows it, in the account scope, only while the user has no zone.
  [path.join('app', '(account)', 'settings', 'time-zone-prompt.tsx')]: 'account',
};

/** The scope of the nearest provider around a file of the app folder. */
function folderScope(file: string): ClientScope {
  if (Object.hasOwn(WRAPPED, file)) return WRAPPED[file];
  for (let dir = path.dirname(file); dir !== '.'; dir = path.dirname(dir)) {
    const scope = scopeOfLayout(dir);
    if (scope) return scope;
  }
  return 'shell';
}

/**
 * Every file with the scopes in which it runs in the browser: a client component of the app
 * folder in its folder's scope, and whatever a client component imports, directly or not
 * (shared components, the schemas its form validates with), in the scopes of every page that
 * renders it. Server files are followed only to find the client components they render; server
 * actions not at all.
 */
function browserScopes(all: string[]): Map<string, Set<ClientScope>> {
  const scopes = new Map<string, Set<ClientScope>>(all.map((f) => [f, new Set<ClientScope>()]));
  const seen = new Set<string>();
  const visit = (file: string, scope: ClientScope, inBrowser: boolean) => {
    const source = readSource(file);
    const browser = inBrowser || isClientSource(source);
    const key = `${file}|${scope}|${browser}`;
    if (!scopes.has(file) || seen.has(key)) return;
    seen.add(key);
    // A server action imported by a form is a reference to the server, not code in the browser.
    if (isServerActionSource(source)) return;
    if (browser) scopes.get(file)!.add(scope);
    for (const spec of runtimeImports(source)) {
      const dep = resolveProjectImport(file, spec);
      if (dep) visit(dep, Object.hasOwn(WRAPPED, dep) ? WRAPPED[dep] : scope, browser);
    }
  };
  for (const file of all) if (file.startsWith(`app${path.sep}`)) visit(file, folderScope(file), false);
  return scopes;
}

const catalog = messagesFor('en');
const isKey = (key: string) =>
  typeof key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog) === 'string';

/**
 * The parts of the catalog a source asks for: the namespace (or part of one) named by
 * useTranslations('ns') or useTranslations('ns.part'), key literals such as 'errors.required' (a
 * string that is a key of the catalog: a permission name like 'roles.manage' is not) and the
 * namespace at the start of a key built at run time (`roles.${role}.label`).
 */
function namespacesIn(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/useTranslations\(\s*'([A-Za-z]+(?:\.[A-Za-z.]+)?)'\s*\)/g)) found.add(m[1]);
  for (const m of source.matchAll(/['"]([a-z][A-Za-z0-9]*)((?:\.[A-Za-z0-9]+)+)['"]/g)) {
    if (isKey(m[1] + m[2])) found.add(m[1] + m[2]);
  }
  for (const m of source.matchAll(/`([a-z][A-Za-z0-9]*)\.[A-Za-z0-9.]*(?:\$\{|`)/g)) {
    if (topLevel.has(m[1])) found.add(m[1]);
  }
  return [...found];
}

describe('messages sent to the browser', () => {
  it('cover every namespace a client component or a shared schema uses, in every scope it is rendered in', () => {
    const missing: string[] = [];
    const all = ['app', 'components', 'lib'].flatMap(sourceFiles);
    const scopes = browserScopes(all);
    for (const file of all) {
      const source = readSource(file);
      for (const scope of scopes.get(file)!) {
        const allowed = namespacesFor(scope);
        for (const used of namespacesIn(source)) {
          if (!allowed.some((part) => used === part || used.startsWith(`${part}.`))) {
            missing.push(`${file} (${scope}): ${used}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('find the namespaces in the source: a client component without one builds keys this test cannot see', () => {
    // The notification policy form shows the event catalog's labels (`orgNotifications.events.…`);
    // the schema message lookup shows the keys of the schemas, which the first test checks.
    const known = new Set([
      path.join('app', '(org)', 'org-settings', 'notifications', 'notifications-form.tsx'),
      path.join('components', 'ui', 'use-schema-message.ts'),
    ]);
    const unscoped = ['app', 'components']
      .flatMap(sourceFiles)
      .filter((file) => /useTranslations\(\s*\)/.test(readSource(file)))
      .filter((file) => !known.has(file));
    expect(unscoped).toEqual([]);
  });

  it('name only namespaces that exist', () => {
    const named: string[] = [...SHELL_NAMESPACES, ...Object.values(CLIENT_SCOPES).flat()];
    const exists = (part: string) =>
      part.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], catalog);
    expect(named.filter((part) => exists(part) === undefined)).toEqual([]);
  });
});

describe('clientMessagesFor', () => {
  // The browser gets the catalog compiled, as the server's translators do.
  const catalog = compiledMessagesFor('en');

  it('sends a part of a namespace as that part alone, and the rest of the catalog not at all', () => {
    const messages = clientMessagesFor('en', 'account') as { regional: Record<string, unknown> };
    expect(Object.keys(messages).sort()).toEqual(['errorPage', 'notFound', 'regional']);
    expect(Object.keys(messages.regional)).toEqual(['prompt']);
    expect(messages.regional.prompt).toEqual((catalog.regional as Record<string, unknown>).prompt);
  });

  it('sends the field errors of a form, not the password rules it cannot show', () => {
    const profile = clientMessagesFor('en', 'profile') as { errors: Record<string, unknown> };
    expect(profile.errors.required).toEqual((catalog.errors as Record<string, unknown>).required);
    expect(profile.errors).not.toHaveProperty('password');
    const security = clientMessagesFor('en', 'security') as { errors: Record<string, unknown> };
    expect(security.errors.password).toEqual((catalog.errors as Record<string, unknown>).password);
    // Picking parts never writes into the catalog itself.
    expect(Object.keys(catalog.errors as object).length).toBeGreaterThan(Object.keys(security.errors).length);
  });
});
