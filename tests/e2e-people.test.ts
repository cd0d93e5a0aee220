import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Each browser spec invites people of its own into the one organization of its server
// (e2e/support/fixtures.ts), and an address is unique: two specs that invite the same name make
// the later one fail, but only when the whole suite runs. Caught here, in a second.
const e2e = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../e2e');

describe('the browser specs', () => {
  it('invite people whose names no other spec uses', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const spec of readdirSync(e2e).filter((f) => f.endsWith('.test.ts'))) {
      const text = readFileSync(path.join(e2e, spec), 'utf8');
      for (const [, first, last] of text.matchAll(/\b(?:usePerson|person)\(\s*'([^']+)',\s*'([^']+)'/g)) {
        const name = `${first} ${last}`.toLowerCase();
        const other = seen.get(name);
        if (other && other !== spec) clashes.push(`${first} ${last}: ${other} and ${spec}`);
        seen.set(name, spec);
      }
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(clashes).toEqual([]);
  });
});
