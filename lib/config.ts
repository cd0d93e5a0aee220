import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { databaseConfig } from '@/db/config';

/** Everything read from the environment, in one place. */
export const config = {
  get databaseUrl(): string | undefined {
    return databaseConfig.url;
  },
  get dataDir(): string {
    return databaseConfig.dataDir;
  },
  get appUrl(): string {
    return (process.env.APP_URL || 'http://localhost:3000').replace(/\/+$/, '');
  },
  get smtpUrl(): string | undefined {
    return process.env.SMTP_URL || undefined;
  },
  get emailFrom(): string {
    return process.env.EMAIL_FROM || 'Roster <no-reply@localhost>';
  },
  /** The linked external account (OpenID Connect); the feature is hidden unless all three are set. */
  get oidc(): { issuer: string; clientId: string; clientSecret: string; name: string } | null {
    const issuer = process.env.OIDC_ISSUER;
    const clientId = process.env.OIDC_CLIENT_ID;
    const clientSecret = process.env.OIDC_CLIENT_SECRET;
    if (!issuer || !clientId || !clientSecret) return null;
    return { issuer, clientId, clientSecret, name: process.env.OIDC_NAME || 'OpenID Connect' };
  },
  get supportUrl(): string | undefined {
    return process.env.SUPPORT_URL || undefined;
  },
  get isProduction(): boolean {
    return process.env.NODE_ENV === 'production';
  },
  /** Number of reverse-proxy hops in front of the app whose X-Forwarded-For entries are trusted. */
  get trustedProxyHops(): number {
    const n = Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? '0', 10);
    return Number.isFinite(n) && n > 0 ? n : 0;
  },
  get mailDir(): string {
    return path.join(this.dataDir, 'mail');
  },
};

export function isSecureAppUrl(): boolean {
  return config.appUrl.startsWith('https://');
}

let cachedSecret: string | undefined;

/**
 * AUTH_SECRET, or a random one generated once and kept in the data dir (mode 0600).
 * Production on a shared PostgreSQL must set it: several instances need the same secret.
 */
export function getAuthSecret(): string {
  if (cachedSecret) return cachedSecret;
  const fromEnv = process.env.AUTH_SECRET;
  if (fromEnv) return (cachedSecret = fromEnv);
  if (config.isProduction && config.databaseUrl) {
    throw new Error('AUTH_SECRET must be set when NODE_ENV=production and DATABASE_URL is set.');
  }
  const file = path.join(config.dataDir, 'auth-secret');
  try {
    cachedSecret = readFileSync(file, 'utf8').trim();
    if (cachedSecret) return cachedSecret;
  } catch {
    // first start: generated below
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  } catch {
    // another process won the race; use its secret
    return (cachedSecret = readFileSync(file, 'utf8').trim());
  }
  chmodSync(file, 0o600);
  return (cachedSecret = secret);
}
