import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { messageText, translatorFor } from './translator';

describe('messages named by key', () => {
  const de = translatorFor('de');

  it('are translated by key, with values that are messages translated first', () => {
    expect(messageText(de, { key: 'orgUsers.role.changed', values: { role: { key: 'roles.admin.label' } } })).toBe(
      'Rolle in Administrator geändert.',
    );
    expect(messageText(de, { key: 'errors.tooManyAttempts', values: { seconds: 1 } })).toContain('1 Sekunde');
  });

  it('keep their own language when they fix one', () => {
    expect(messageText(de, { key: 'regional.saved', locale: 'en' })).toBe(translatorFor('en')('regional.saved'));
  });

  it('never show a raw key: one the catalog lacks reads as "not valid"', () => {
    expect(messageText(de, 'errors.noSuchMessage' as never)).toBe(de('errors.invalidValue'));
  });
});

/** Every file under `dir` whose name matches. */
function filesUnder(dir: string, match: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, match);
    return match.test(name) ? [full] : [];
  });
}

describe('server actions', () => {
  it('answer with message keys: none translates text itself', () => {
    const actions = filesUnder(path.join(process.cwd(), 'app'), /actions\.ts$/);
    expect(actions.length).toBeGreaterThan(20);
    const translating = actions.filter((file) =>
      /\b(getT|translatorFor|getTranslations)\b/.test(readFileSync(file, 'utf8')),
    );
    expect(translating.map((file) => path.relative(process.cwd(), file))).toEqual([]);
  });
});

describe('the shared zod schemas', () => {
  const en = translatorFor('en');
  const odd: unknown[] = [
    {},
    { email: 'x', password: 'a', name: '', pin: '1', code: 'x', userId: 'x', role: 'x', timeZone: 'Nowhere/None' },
    { firstName: 'x'.repeat(5000), lastName: '', username: '!!', dateOfBirth: '1800-01-01', version: 'x' },
    'not a form',
  ];

  it('name a catalog message for every issue they report', async () => {
    const files = filesUnder(path.join(process.cwd(), 'lib'), /schemas?\.ts$/).filter((f) => !f.endsWith('.test.ts'));
    const missing = new Set<string>();
    let schemas = 0;
    for (const file of files) {
      const exports = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        const candidates =
          typeof value === 'function' && name.endsWith('For') ? [(value as (r: string) => unknown)('DE')] : [value];
        for (const schema of candidates) {
          if (!schema || typeof (schema as { safeParseAsync?: unknown }).safeParseAsync !== 'function') continue;
          schemas += 1;
          for (const input of odd) {
            const result = await (
              schema as { safeParseAsync: (v: unknown) => Promise<{ error?: { issues: { message: string }[] } }> }
            ).safeParseAsync(input);
            for (const issue of result.error?.issues ?? []) {
              if (!en.has(issue.message as never)) missing.add(`${path.basename(file)} ${name}: ${issue.message}`);
            }
          }
        }
      }
    }
    expect(schemas).toBeGreaterThan(30);
    expect([...missing]).toEqual([]);
  });
});
