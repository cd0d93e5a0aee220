import 'server-only';

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import compile from 'icu-minify/compile';

import type { Locale } from './config';

export type Messages = Record<string, unknown>;

/** Resolved from the working directory so bundling does not move it; shipped with the build. */
const MESSAGES_DIR = process.env.ROSTER_MESSAGES_DIR || path.join(process.cwd(), 'messages');

const cache = new Map<Locale, Messages>();

function merge(target: Messages, source: Messages): Messages {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] =
      existing && typeof existing === 'object' && value && typeof value === 'object'
        ? merge(existing as Messages, value as Messages)
        : value;
  }
  return target;
}

/**
 * One language's catalog: `messages/<locale>.json` plus every `messages/<locale>/*.json`
 * (one file per area, so areas can grow independently), merged once per process.
 */
export function messagesFor(locale: Locale): Messages {
  const cached = cache.get(locale);
  if (cached && process.env.NODE_ENV === 'production') return cached;
  const catalog: Messages = {};
  const base = path.join(MESSAGES_DIR, `${locale}.json`);
  try {
    merge(catalog, JSON.parse(readFileSync(base, 'utf8')) as Messages);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let files: string[] = [];
  try {
    files = readdirSync(path.join(MESSAGES_DIR, locale))
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    // no per-area files for this language
  }
  for (const file of files) {
    merge(catalog, JSON.parse(readFileSync(path.join(MESSAGES_DIR, locale, file), 'utf8')) as Messages);
  }
  cache.set(locale, catalog);
  return catalog;
}

/** Per language: the compiled catalog, and (outside production) the text it was compiled from. */
const compiledCache = new Map<Locale, { source: string; compiled: Messages }>();

/**
 * The compiler makes its choice tables (plural, select) without a prototype; React passes only
 * plain objects to client components. A compiled message is JSON by design, so a copy is exact.
 */
const plain = <T>(compiled: T): T => (typeof compiled === 'string' ? compiled : JSON.parse(JSON.stringify(compiled)));

function compileTree(messages: Messages): Messages {
  return Object.fromEntries(
    Object.entries(messages).map(([key, value]) => [
      key,
      typeof value === 'string' ? plain(compile(value)) : compileTree(value as Messages),
    ]),
  );
}

/**
 * The catalog with every message parsed once, ahead of use: what translators and the browser's
 * provider are given. next.config.mjs and vitest.config.ts point use-intl at its formatter for
 * such messages (`use-intl/format-message/format-only`), so neither the server nor the browser
 * carries an ICU parser. A message without arguments stays the plain string it was.
 */
export function compiledMessagesFor(locale: Locale): Messages {
  const production = process.env.NODE_ENV === 'production';
  const cached = compiledCache.get(locale);
  if (cached && production) return cached.compiled;
  const catalog = messagesFor(locale);
  // Outside production the files are read again on every call (an edit shows at once); they are
  // compiled again only when they changed, since every translator and provider asks for them.
  const source = production ? '' : JSON.stringify(catalog);
  if (cached && cached.source === source) return cached.compiled;
  const compiled = compileTree(catalog);
  compiledCache.set(locale, { source, compiled });
  return compiled;
}
