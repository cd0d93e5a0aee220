import { describe, expect, it } from 'vitest';

import {
  BACKUP_CODE_ALPHABET,
  BACKUP_CODE_COUNT,
  backupCodesText,
  generateBackupCodes,
  hashBackupCode,
  looksLikeBackupCode,
  normalizeBackupCode,
} from '@/lib/security/backup-codes';

const CODE = /^[a-hjkmnp-z02-9]{5}-[a-hjkmnp-z02-9]{5}$/;

describe('generateBackupCodes', () => {
  it('makes 10 unique codes from the alphabet', () => {
    expect(new Set(BACKUP_CODE_ALPHABET).size).toBe(32);
    const codes = generateBackupCodes();
    expect(codes).toHaveLength(BACKUP_CODE_COUNT);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(CODE);
    expect(generateBackupCodes(3)).toHaveLength(3);
  });
});

describe('normalizeBackupCode', () => {
  it('forgives case, spaces and dashes', () => {
    expect(normalizeBackupCode('ABCDE FGHJK')).toBe('abcde-fghjk');
    expect(normalizeBackupCode(' abcde-fghjk ')).toBe('abcde-fghjk');
    expect(normalizeBackupCode('ab-cd efg hjk')).toBe('abcde-fghjk');
    expect(normalizeBackupCode('ＡＢＣＤＥ－ＦＧＨＪＫ')).toBe('abcde-fghjk');
  });

  it('rejects anything else', () => {
    for (const bad of ['', 'abcde-fghj', 'abcde-fghjkm', 'abcde-fghio', 'abcde-fgh1k', 'abcde_fghjk', '123456']) {
      expect(normalizeBackupCode(bad)).toBeNull();
      expect(looksLikeBackupCode(bad)).toBe(false);
    }
    expect(looksLikeBackupCode('ABCDE-FGHJK')).toBe(true);
  });
});

describe('hashBackupCode', () => {
  it('is stable across formatting and differs per code', () => {
    const [a, b] = generateBackupCodes(2);
    expect(hashBackupCode(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashBackupCode(a.toUpperCase().replace('-', ' '))).toBe(hashBackupCode(a));
    expect(hashBackupCode(a)).not.toBe(hashBackupCode(b));
  });
});

describe('backupCodesText', () => {
  it('lists every code with the account and a once-only note', () => {
    const codes = generateBackupCodes();
    const text = backupCodesText(codes, { email: 'ann@example.com', orgName: 'Acme' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Roster backup codes');
    expect(text).toContain('ann@example.com');
    expect(text).toContain('Acme');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    for (const c of codes) expect(lines).toContain(c);
    expect(text).toMatch(/works once/);
  });
});
