import 'server-only';

import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

export const TOTP_PURPOSE = 'totp-secret';

const PERIOD = 30;
const DIGITS = 6;

function totpFor(secret: string, label = 'Roster', issuer = ''): TOTP {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
  });
}

/** 160 bits, the RFC 4226 recommended length for HMAC-SHA1. */
export function generateTotpSecret(): string {
  // otpauth draws from crypto.getRandomValues.
  return new Secret({ size: 20 }).base32.replace(/=+$/, '');
}

export function formatManualKey(base32: string): string {
  return (base32.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

export function totpUri({ secret, email, orgName }: { secret: string; email: string; orgName: string }): string {
  return totpFor(secret, email, `Roster (${orgName})`).toString();
}

export async function totpQrSvg(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  // Fixed width/height would override CSS sizing; the viewBox alone keeps it scalable.
  return svg.replace(/<svg\b[^>]*>/, (tag) =>
    tag
      .replace(/\s(?:width|height)="[^"]*"/g, '')
      .replace(/^<svg/, '<svg role="img" aria-label="QR code for your authenticator app"'),
  );
}

export type TotpResult = { ok: true; step: number } | { ok: false; reason: 'format' | 'invalid' | 'replayed' };

/**
 * Accepts the previous, current and next step for clock drift. The caller stores the returned step
 * and passes it back as lastUsedStep, so a code (or an older one) can't be used twice.
 */
export function verifyTotp(secret: string, code: string, lastUsedStep: number | null, now = Date.now()): TotpResult {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'format' };
  // otpauth compares the candidates in constant time.
  const delta = totpFor(secret).validate({ token, timestamp: now, window: 1 });
  if (delta === null) return { ok: false, reason: 'invalid' };
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

export function currentTotpCode(secret: string, now = Date.now()): string {
  return totpFor(secret).generate({ timestamp: now });
}
