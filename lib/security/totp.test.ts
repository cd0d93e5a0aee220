import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';

import {
  currentTotpCode,
  formatManualKey,
  generateTotpSecret,
  totpQrSvg,
  totpUri,
  verifyTotp,
} from '@/lib/security/totp';

const secret = generateTotpSecret();
// Mid-step, so ±30 s lands squarely in the neighbouring steps.
const now = 1_700_000_015_000;
const step = Math.floor(now / 30_000);
const codeAt = (ms: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: ms });

describe('generateTotpSecret', () => {
  it('is 160 bits of unpadded base32', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
  });
});

describe('verifyTotp', () => {
  it('accepts the current code', () => {
    expect(verifyTotp(secret, codeAt(now), null, now)).toEqual({ ok: true, step });
    expect(currentTotpCode(secret, now)).toBe(codeAt(now));
  });

  it('accepts the real current code with the default clock', () => {
    expect(verifyTotp(secret, currentTotpCode(secret), null).ok).toBe(true);
  });

  it('accepts the previous and next step, with spaces', () => {
    expect(verifyTotp(secret, codeAt(now - 30_000), null, now)).toEqual({ ok: true, step: step - 1 });
    const next = codeAt(now + 30_000);
    expect(verifyTotp(secret, `${next.slice(0, 3)} ${next.slice(3)}`, null, now)).toEqual({ ok: true, step: step + 1 });
  });

  it('rejects codes two steps away', () => {
    for (const offset of [-60_000, 60_000]) {
      const code = codeAt(now + offset);
      // A coincidental match with a window step would make this flaky; such secrets are skipped.
      if ([-1, 0, 1].some((d) => codeAt(now + d * 30_000) === code)) continue;
      expect(verifyTotp(secret, code, null, now)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('rejects a replay of the same or an earlier step', () => {
    const first = verifyTotp(secret, codeAt(now), null, now);
    expect(first.ok).toBe(true);
    const used = first.ok ? first.step : -1;
    expect(verifyTotp(secret, codeAt(now), used, now)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(secret, codeAt(now - 30_000), used, now)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(secret, codeAt(now + 30_000), used, now)).toEqual({ ok: true, step: step + 1 });
  });

  it('rejects malformed input', () => {
    for (const input of ['', '12345', '1234567', '12a456', '１２３４５６', '12-3456']) {
      expect(verifyTotp(secret, input, null, now)).toEqual({ ok: false, reason: 'format' });
    }
  });
});

describe('totpUri', () => {
  it('names the issuer and the account', () => {
    const uri = totpUri({ secret, email: 'ann@example.com', orgName: 'Acme' });
    expect(uri).toBe(
      `otpauth://totp/Roster%20(Acme):ann%40example.com?issuer=Roster%20(Acme)&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
  });
});

describe('totpQrSvg', () => {
  it('returns accessible, CSS-sizable SVG', async () => {
    const svg = await totpQrSvg(totpUri({ secret, email: 'ann@example.com', orgName: 'Acme' }));
    expect(svg.startsWith('<svg')).toBe(true);
    const root = svg.match(/<svg[^>]*>/)![0];
    expect(root).toContain('role="img"');
    expect(root).toContain('aria-label="QR code for your authenticator app"');
    expect(root).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(root).not.toMatch(/\s(width|height)=/);
  });
});

describe('formatManualKey', () => {
  it('groups by four', () => {
    expect(formatManualKey('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(formatManualKey('JBSWY3DPEH')).toBe('JBSW Y3DP EH');
    expect(formatManualKey(secret).split(' ')).toHaveLength(8);
  });
});
