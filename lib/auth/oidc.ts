import 'server-only';

import type { Account, Profile, User } from 'next-auth';
import type { OIDCConfig } from 'next-auth/providers';
import { cookies } from 'next/headers';

import { getDb } from '@/db';

import { config } from '../config';
import { linkExternalAccount, startExternalSession, type ExternalIdentity } from '../connections/linked-accounts';
import { setFlash } from '../http/flash';
import { getRequestMeta } from '../http/request-meta';
import { kickMailQueue } from '../jobs/boss';
import { decryptSecret, encryptSecret } from '../security/secret-box';
import { sessionCookie } from './cookies';
import { getCurrentSession } from './current';

/** The provider's id in next-auth, and so the callback path `/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = 'oidc';
export const OIDC_CALLBACK_PATH = `/api/auth/callback/${OIDC_PROVIDER_ID}`;
export const CONNECTIONS_PATH = '/settings/connections';

/** Set by "Link account" for the provider's answer: which signed-in session asked for the link. */
const LINK_COOKIE = 'roster-oidc-link';
const LINK_PURPOSE = 'oidc-link';
const LINK_MINUTES = 10;

/** next-auth's OpenID Connect provider, from OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET. */
export function oidcProvider(): OIDCConfig<Profile> | null {
  const settings = config.oidc;
  if (!settings) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: 'oidc',
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: 'openid email' } },
  };
}

/** Remembers, for ten minutes, that this session asked to link an account (only the callback path sees it). */
export async function rememberLinkRequest(sessionId: string, userId: string): Promise<void> {
  const value = encryptSecret(
    JSON.stringify({ sid: sessionId, userId, exp: Date.now() + LINK_MINUTES * 60_000 }),
    LINK_PURPOSE,
  );
  (await cookies()).set(LINK_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    path: OIDC_CALLBACK_PATH,
    maxAge: LINK_MINUTES * 60,
    secure: sessionCookie().secure,
  });
}

async function takeLinkRequest(): Promise<{ sid: string; userId: string } | null> {
  const jar = await cookies();
  const raw = jar.get(LINK_COOKIE)?.value;
  if (!raw) return null;
  jar.delete({ name: LINK_COOKIE, path: OIDC_CALLBACK_PATH });
  try {
    const parsed = JSON.parse(decryptSecret(raw, LINK_PURPOSE)) as { sid?: unknown; userId?: unknown; exp?: unknown };
    if (typeof parsed.sid !== 'string' || typeof parsed.userId !== 'string' || typeof parsed.exp !== 'number')
      return null;
    return parsed.exp > Date.now() ? { sid: parsed.sid, userId: parsed.userId } : null;
  } catch {
    return null;
  }
}

function identityOf(account: Account, profile: Profile | undefined): ExternalIdentity {
  const email =
    typeof profile?.email === 'string' && profile.email && profile.email_verified !== false ? profile.email : null;
  return { issuer: config.oidc!.issuer, subject: account.providerAccountId, email };
}

/**
 * next-auth's `signIn` callback for the OpenID provider. After "Link account" it links the
 * external account to the session that asked (and keeps that session: the answer is a redirect,
 * no new cookie). Otherwise it signs in the user the account is linked to: the new session's id
 * goes into the cookie as after a password, two-factor still to come when the user has it.
 */
export async function completeExternalSignIn(params: {
  user: User;
  account?: Account | null;
  profile?: Profile;
}): Promise<boolean | string> {
  const { user, account, profile } = params;
  const settings = config.oidc;
  if (!account || !settings) return false;
  const identity = identityOf(account, profile);
  const meta = await getRequestMeta();
  const db = await getDb();
  const link = await takeLinkRequest();
  if (link) {
    const current = await getCurrentSession();
    if (!current || current.session.mfaPending || current.session.id !== link.sid || current.user.id !== link.userId) {
      await setFlash('/sign-in', { status: 'error', key: 'connections.linkExpired' });
      return '/sign-in';
    }
    const outcome = await linkExternalAccount(db, { user: current.user, identity, providerName: settings.name, meta });
    if (outcome === 'linked') await kickMailQueue();
    await setFlash(CONNECTIONS_PATH, {
      status: outcome === 'linked' ? 'success' : outcome === 'already' ? 'info' : 'error',
      key: `connections.outcome.${outcome}`,
      values: { provider: settings.name },
    });
    return CONNECTIONS_PATH;
  }
  const started = await startExternalSession(db, { identity, meta });
  if (!started) {
    await setFlash('/sign-in', { status: 'error', key: 'connections.notLinked', values: { provider: settings.name } });
    return '/sign-in';
  }
  user.id = started.userId;
  user.sid = started.sessionId;
  return true;
}
