import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { LOCALES } from '../i18n/config';
import { messagesFor } from '../i18n/messages';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTIONS, auditActionGroup, isAuditAction } from './actions';

/** The leaf at `path` in a locale's catalog, as the app loads it. */
function label(locale: (typeof LOCALES)[number], ...keys: string[]): unknown {
  let node: unknown = messagesFor(locale);
  for (const key of keys) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** Every audit action named as a string literal where code writes one (`action: 'x.y'`, `kind: 'x.y'`). */
function writtenInCode(): string[] {
  const root = path.join(import.meta.dirname, '../..');
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const text = readFileSync(full, 'utf8');
        if (!/\baudit\(/.test(text)) continue;
        for (const m of text.matchAll(/\baction: '([a-z_]+\.[a-z_.]+)'/g)) found.add(m[1]);
      }
    }
  };
  for (const dir of ['app', 'lib', 'scripts']) walk(path.join(root, dir));
  return [...found].sort();
}

describe('audit actions', () => {
  it('are listed once, in order, as area.what_happened', () => {
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(30);
    const malformed = AUDIT_ACTIONS.filter((a) => !/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(a));
    expect(malformed, `not <area>.<what_happened>: ${malformed.join(', ')}`).toEqual([]);
    expect(new Set(AUDIT_ACTIONS).size, 'an action is listed twice').toBe(AUDIT_ACTIONS.length);
    expect([...AUDIT_ACTIONS], 'keep lib/audit/actions.ts in alphabetical order').toEqual([...AUDIT_ACTIONS].sort());
  });

  it('each have a label, and each group a filter entry, in every language', () => {
    const missing = LOCALES.flatMap((locale) => [
      ...AUDIT_ACTIONS.filter((action) => {
        const [group, what] = action.split('.');
        return typeof label(locale, 'auditLog', 'actions', group, what) !== 'string';
      }).map((action) => `messages/${locale}/auditLog.json: auditLog.actions.${action}`),
      ...AUDIT_ACTION_GROUPS.filter((group) => typeof label(locale, 'auditLog', 'prefixes', group) !== 'string').map(
        (group) => `messages/${locale}/auditLog.json: auditLog.prefixes.${group}`,
      ),
    ]);
    expect(missing, `audit actions without a label:\n${missing.join('\n')}`).toEqual([]);
  });

  it('have no label left over for an action that is not in the list', () => {
    const labelled = LOCALES.flatMap((locale) => {
      const groups = (label(locale, 'auditLog', 'actions') ?? {}) as Record<string, Record<string, unknown>>;
      return Object.entries(groups).flatMap(([group, actions]) =>
        Object.keys(actions).map((what) => `${locale}: ${group}.${what}`),
      );
    });
    const stale = labelled.filter((entry) => !isAuditAction(entry.slice(entry.indexOf(' ') + 1)));
    expect(stale, `labels for actions missing from AUDIT_ACTIONS:\n${stale.join('\n')}`).toEqual([]);
  });

  it('include every action the code writes', () => {
    const written = writtenInCode();
    expect(written.length).toBeGreaterThan(20);
    const unlisted = written.filter((action) => !isAuditAction(action));
    expect(unlisted, `add to AUDIT_ACTIONS in lib/audit/actions.ts: ${unlisted.join(', ')}`).toEqual([]);
  });

  it('know their group', () => {
    expect(auditActionGroup('auth.sign_out')).toBe('auth');
    expect(AUDIT_ACTION_GROUPS).toContain('user');
    expect(isAuditAction('auth.sign_out')).toBe(true);
    expect(isAuditAction('roleplay.started')).toBe(false);
  });
});
