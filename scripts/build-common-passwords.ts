// Regenerates lib/security/common-passwords.txt: npx tsx scripts/build-common-passwords.ts
//
// Length and character-class rules already refuse plain "password" or "123456", so the list
// only needs the ones that get past them: well-known base words dressed up with a capital,
// a year or a few digits, a symbol, and leet substitutions. The base words are the highest
// ranked entries of the leaked-password list that ships with @zxcvbn-ts/language-common
// (MIT), plus words people reach for at work that rank lower there.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { passwordRuleErrors } from '../lib/security/password-policy';

const BASE_WORDS = 250;
const RANKED_AS_IS = 10_000;

const WORKPLACE_WORDS = [
  'password',
  'passw0rd',
  'welcome',
  'qwerty',
  'letmein',
  'admin',
  'administrator',
  'iloveyou',
  'monkey',
  'dragon',
  'sunshine',
  'football',
  'summer',
  'winter',
  'spring',
  'autumn',
  'company',
  'changeme',
  'roster',
  'office',
  'secret',
  'login',
  'default',
  'temp',
  'test',
  'guest',
  'user',
  'hello',
  'master',
  'manager',
  'support',
  'service',
  'staff',
  'team',
  'work',
  'business',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'monday',
  'friday',
  'christmas',
  'holiday',
  'family',
  'freedom',
  'london',
  'paris',
  'berlin',
  'chicago',
  'newyork',
  'america',
  'canada',
  'england',
  'germany',
  'google',
  'facebook',
  'microsoft',
  'apple',
  'samsung',
  'computer',
  'internet',
  'network',
  'security',
  'database',
  'server',
  'system',
  'access',
  'account',
  'private',
  'zaq1',
  'asdf',
  'abcd',
  'azerty',
  'trustno1',
  'whatever',
  'princess',
  'starwars',
  'pokemon',
  'batman',
];

const DIGITS = [
  '1',
  '2',
  '7',
  '12',
  '69',
  '99',
  '123',
  '1234',
  '01',
  '2020',
  '2021',
  '2022',
  '2023',
  '2024',
  '2025',
  '2026',
  '2027',
];
const SYMBOLS = ['!', '@', '#', '$', '?', '.'];
const LEET: Record<string, string> = { a: '@', o: '0', e: '3', s: '$', i: '1' };

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('@zxcvbn-ts/language-common/package.json'));
const ranked: string[] = JSON.parse(readFileSync(join(pkgDir, 'src/passwords.json'), 'utf8'));

// Matching is case-insensitive, so an entry belongs on the list when some casing of it passes
// the structural rules; capitalising its first letter is the casing people actually use.
const capitalise = (s: string) => s.replace(/\p{Ll}/u, (c) => c.toUpperCase());
const passesRules = (entry: string) => passwordRuleErrors(capitalise(entry)).length === 0;

/** Every combination of leet substitutions the word allows, the plain word first. */
function leetForms(word: string): string[] {
  const kinds = Object.keys(LEET).filter((k) => word.includes(k));
  const forms: string[] = [];
  for (let mask = 0; mask < 1 << kinds.length; mask++) {
    let form = word;
    kinds.forEach((k, i) => {
      if (mask & (1 << i)) form = form.replaceAll(k, LEET[k]);
    });
    forms.push(form);
  }
  return forms;
}

function variants(word: string): string[] {
  const [plain, ...leet] = leetForms(word);
  const out: string[] = [];
  for (const d of DIGITS) {
    for (const s of SYMBOLS) out.push(plain + d + s);
    out.push(`${plain}!${d}`, `${plain}@${d}`);
  }
  // Leet already supplies a digit or a symbol, so people stop adding sooner.
  for (const form of leet) {
    out.push(form, ...DIGITS.map((d) => form + d), ...SYMBOLS.map((s) => form + s));
    out.push(...DIGITS.map((d) => `${form}${d}!`));
  }
  return out;
}

const bases = new Set<string>(WORKPLACE_WORDS);
for (const entry of ranked) {
  if (bases.size >= BASE_WORDS + WORKPLACE_WORDS.length) break;
  if (/^[a-z]{4,}$/.test(entry)) bases.add(entry);
}

const list = new Set<string>();
const addIfPasses = (entry: string) => {
  const lower = entry.normalize('NFKC').toLowerCase();
  if (passesRules(lower)) list.add(lower);
};
for (const base of bases) variants(base).forEach(addIfPasses);
// Leaked passwords that already mix letters and digits pass once a "!" is tacked on.
for (const entry of ranked.slice(0, RANKED_AS_IS)) {
  addIfPasses(entry);
  addIfPasses(`${entry}!`);
}

const out = fileURLToPath(new URL('../lib/security/common-passwords.txt', import.meta.url));
writeFileSync(out, [...list].sort().join('\n') + '\n');
console.log(`${list.size} entries from ${bases.size} base words written to ${out}`);
