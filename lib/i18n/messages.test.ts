import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';

import { compiledMessagesFor, messagesFor } from './messages';

type Catalog = Record<string, unknown>;
type CatalogLocale = 'en' | 'de' | 'ru';
const translations: CatalogLocale[] = ['de', 'ru'];

/** The catalogs exactly as the app loads them (`messages/<locale>.json` plus the area files). */
const catalogs: Record<CatalogLocale, Catalog> = {
  en: messagesFor('en'),
  de: messagesFor('de'),
  ru: messagesFor('ru'),
};

/** `{ a: { b: 'x' } }` becomes `{ 'a.b': 'x' }`; a non-string leaf is kept as it is so the tests can report it. */
function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = value;
  }
  return out;
}

type ArgType = 'plain' | 'plural' | 'selectordinal' | 'select' | 'number' | 'date' | 'time' | 'other';
type Arg = { name: string; type: ArgType; selectors: string[] };

/**
 * The arguments of an ICU message, nested ones included: `{name}`, `{n, number}`,
 * `{n, plural, one {…} other {…}}`. Honours ICU apostrophe quoting; throws on unbalanced braces.
 */
function icuArgs(message: string): Arg[] {
  const args: Arg[] = [];
  let i = 0;

  const fail = (why: string): never => {
    throw new Error(`${why} at ${i} in ${JSON.stringify(message)}`);
  };
  const skipSpace = () => {
    while (i < message.length && /\s/.test(message[i])) i++;
  };
  const readToken = () => {
    skipSpace();
    const start = i;
    while (i < message.length && !/[\s,{}]/.test(message[i])) i++;
    return message.slice(start, i);
  };

  /** Reads text and arguments up to an unmatched `}` (left unread) or the end. */
  const readMessage = (inPlural: boolean) => {
    while (i < message.length) {
      const c = message[i];
      if (c === "'") {
        const next = message[i + 1];
        if (next === "'") i += 2;
        else if (next === '{' || next === '}' || (inPlural && next === '#')) {
          const end = message.indexOf("'", i + 1);
          i = end === -1 ? message.length : end + 1;
        } else i++;
      } else if (c === '{') {
        readArgument();
      } else if (c === '}') {
        return;
      } else i++;
    }
  };

  const readArgument = () => {
    i++; // {
    const name = readToken();
    if (!/^[\p{L}\p{N}_]+$/u.test(name)) fail(`Bad argument name ${JSON.stringify(name)}`);
    skipSpace();
    if (message[i] === '}') {
      i++;
      args.push({ name, type: 'plain', selectors: [] });
      return;
    }
    if (message[i] !== ',') fail('Expected , or }');
    i++;
    const rawType = readToken();
    const type: ArgType = ['plural', 'selectordinal', 'select', 'number', 'date', 'time'].includes(rawType)
      ? (rawType as ArgType)
      : 'other';
    skipSpace();
    const selectors: string[] = [];
    if (type === 'plural' || type === 'selectordinal' || type === 'select') {
      if (message[i] !== ',') fail('Expected , after the argument type');
      i++;
      for (;;) {
        const selector = readToken();
        skipSpace();
        if (!selector) {
          if (message[i] === '}') break;
          fail('Expected a selector');
        }
        if (selector.startsWith('offset:')) continue;
        if (message[i] !== '{') fail(`Expected { after selector ${selector}`);
        i++;
        readMessage(type !== 'select');
        if (message[i] !== '}') fail('Unclosed option');
        i++;
        selectors.push(selector);
      }
    } else if (message[i] === ',') {
      // a style or skeleton, like `{n, number, ::percent}`: no nested arguments
      const end = message.indexOf('}', i);
      if (end === -1) fail('Unclosed argument');
      i = end;
    }
    if (message[i] !== '}') fail('Unclosed argument');
    i++;
    args.push({ name, type, selectors });
  };

  readMessage(false);
  if (i < message.length) fail('Unmatched }');
  return args;
}

const flat = {
  en: flatten(catalogs.en) as Record<string, string>,
  de: flatten(catalogs.de) as Record<string, string>,
  ru: flatten(catalogs.ru) as Record<string, string>,
};
const enKeys = Object.keys(flat.en).sort();

/** A value for every argument: numbers for plural and number arguments, dates for dates, strings otherwise. */
function dummyArgs(args: Arg[], count: number): Record<string, string | number | Date> {
  const values: Record<string, string | number | Date> = {};
  for (const arg of args) {
    if (arg.type === 'plural' || arg.type === 'selectordinal' || arg.type === 'number') values[arg.name] = count;
    else if (arg.type === 'date' || arg.type === 'time') values[arg.name] = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
    else if (arg.type === 'select') values[arg.name] = 'other';
    else values[arg.name] = `«${arg.name}»`;
  }
  return values;
}

describe('message catalogs', () => {
  it('English messages are all non-empty strings', () => {
    const bad = enKeys.filter((key) => typeof flat.en[key] !== 'string' || !flat.en[key].trim());
    expect(bad, `not a non-empty string in en: ${bad.join(', ')}`).toEqual([]);
  });

  describe.each(translations)('%s', (locale) => {
    const messages = flat[locale];

    it('has exactly the keys of en', () => {
      const keys = Object.keys(messages);
      const missing = enKeys.filter((key) => !(key in messages));
      const extra = keys.filter((key) => !(key in flat.en)).sort();
      expect.soft(missing, `missing in ${locale}: ${missing.join(', ')}`).toEqual([]);
      expect.soft(extra, `in ${locale} but not in en: ${extra.join(', ')}`).toEqual([]);
    });

    it('has only non-empty strings', () => {
      const bad = Object.keys(messages).filter((key) => typeof messages[key] !== 'string' || !messages[key].trim());
      expect(bad, `not a non-empty string in ${locale}: ${bad.join(', ')}`).toEqual([]);
    });

    it('keeps every placeholder of the English message', () => {
      const problems: string[] = [];
      for (const key of enKeys) {
        if (typeof messages[key] !== 'string') continue;
        const source = icuArgs(flat.en[key]);
        let target: Arg[];
        try {
          target = icuArgs(messages[key]);
        } catch (error) {
          problems.push(`${key}: ${(error as Error).message}`);
          continue;
        }
        for (const arg of source) {
          const found = target.filter((t) => t.name === arg.name);
          if (!found.length) problems.push(`${key}: missing {${arg.name}}`);
          else if (arg.type !== 'plain' && !found.some((t) => t.type === arg.type))
            problems.push(`${key}: {${arg.name}} should be ${arg.type}`);
        }
        const unknown = target.filter((t) => !source.some((s) => s.name === t.name));
        for (const arg of unknown) problems.push(`${key}: unknown placeholder {${arg.name}}`);
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });
  });

  describe.each(['en', ...translations] as CatalogLocale[])('%s syntax', (locale) => {
    const messages = flat[locale];

    it('covers every plural category of the language', () => {
      const required = {
        plural: new Intl.PluralRules(locale).resolvedOptions().pluralCategories,
        selectordinal: new Intl.PluralRules(locale, { type: 'ordinal' }).resolvedOptions().pluralCategories,
      };
      const problems: string[] = [];
      for (const [key, message] of Object.entries(messages)) {
        if (typeof message !== 'string') continue;
        let args: Arg[];
        try {
          args = icuArgs(message);
        } catch {
          continue; // reported by the placeholder test
        }
        for (const arg of args) {
          if (arg.type !== 'plural' && arg.type !== 'selectordinal') continue;
          const lacking = required[arg.type].filter((category) => !arg.selectors.includes(category));
          if (lacking.length) problems.push(`${key}: {${arg.name}} lacks ${lacking.join(', ')}`);
          const unknown = arg.selectors.filter(
            (s) => !s.startsWith('=') && !(required[arg.type as 'plural'] as string[]).includes(s),
          );
          if (unknown.length) problems.push(`${key}: {${arg.name}} has ${unknown.join(', ')}, not used in ${locale}`);
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it('compiles and formats every message', () => {
      const errors: string[] = [];
      // As the app does: compiled once (a syntax error throws here), then formatted.
      const t = createTranslator({
        locale,
        timeZone: 'UTC',
        messages: compiledMessagesFor(locale),
        onError: (error) => errors.push(error.message),
      });
      const problems: string[] = [];
      for (const [key, message] of Object.entries(messages)) {
        if (typeof message !== 'string') continue;
        let args: Arg[] = [];
        try {
          args = icuArgs(message);
        } catch {
          // let the translator judge the syntax
        }
        for (const count of args.some((a) => a.type === 'plural' || a.type === 'number')
          ? [0, 1, 2, 5, 21, 1.5]
          : [1]) {
          errors.length = 0;
          let result: string;
          try {
            result = (t as (key: string, values?: Record<string, unknown>) => string)(key, dummyArgs(args, count));
          } catch (error) {
            problems.push(`${key}: threw ${(error as Error).message}`);
            break;
          }
          if (errors.length) problems.push(`${key}: ${errors.join('; ')}`);
          else if (result === key || !result) problems.push(`${key}: returned ${JSON.stringify(result)}`);
          else if (/[{}]/.test(result)) problems.push(`${key}: left braces in ${JSON.stringify(result)}`);
          if (problems.length && problems[problems.length - 1].startsWith(`${key}:`)) break;
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it('is compiled again only when its files change', () => {
      // Outside production the files are read on every call; the translators ask on every request.
      expect(compiledMessagesFor(locale)).toBe(compiledMessagesFor(locale));
    });

    it('compiles to plain data, as props of a client component must be', () => {
      const odd: string[] = [];
      const walk = (value: unknown, at: string) => {
        if (value === null || typeof value !== 'object') return;
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== Array.prototype) odd.push(at);
        for (const [key, child] of Object.entries(value)) walk(child, `${at}.${key}`);
      };
      walk(compiledMessagesFor(locale), locale);
      expect(odd).toEqual([]);
    });
  });
});

/** Every `action: 'x.y'` literal in app/ and lib/ (audit entries and their filters). */
function auditedActions(): string[] {
  const root = path.join(import.meta.dirname, '../..');
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        for (const m of readFileSync(full, 'utf8').matchAll(/\baction: '([a-z_]+\.[a-z_.]+)'/g)) found.add(m[1]);
      }
    }
  };
  walk(path.join(root, 'app'));
  walk(path.join(root, 'lib'));
  return [...found].sort();
}

describe('audit log labels', () => {
  it('name every audited action in every language, so the log and its action filter show it', () => {
    const actions = auditedActions();
    expect(actions.length).toBeGreaterThan(30);
    const missing = (['en', ...translations] as CatalogLocale[]).flatMap((locale) => {
      const labels = (catalogs[locale].auditLog as Catalog).actions as Record<string, Record<string, string>>;
      return actions
        .filter((a) => {
          const [group, key] = a.split(/\.(.*)/s);
          return typeof labels[group]?.[key] !== 'string';
        })
        .map((a) => `${locale}: ${a}`);
    });
    expect(missing).toEqual([]);
  });
});
