import 'server-only';

import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/types';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';

import { getDb, type Db, type Executor } from '@/db';
import { organizations, passkeys, users, webauthnChallenges } from '@/db/schema';

import { audit } from '../audit/log';
import { requireUser } from '../auth/current';
import { createSession } from '../auth/session-store';
import { config } from '../config';
import type { RequestMeta } from '../http/request-meta';
import { orUnavailable } from '../http/unavailable';
import { queueSecurityMail } from '../security/security-mail';

/** Challenges are single-use and expire after five minutes. */
export const CHALLENGE_MINUTES = 5;
export const MAX_PASSKEYS = 20;
const RP_NAME = 'Roster';

/** The relying party is APP_URL: its host name is the RP ID, its origin the only origin accepted. */
export function relyingParty(): { id: string; origin: string } {
  const url = new URL(config.appUrl);
  return { id: url.hostname, origin: url.origin };
}

type User = typeof users.$inferSelect;
type Purpose = 'register' | 'authenticate';

async function storeChallenge(db: Executor, challenge: string, purpose: Purpose, userId: string | null) {
  // Expired ones go on the way, so the table holds at most five minutes' worth.
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, sql`now()`));
  await db.insert(webauthnChallenges).values({
    challenge,
    purpose,
    userId,
    expiresAt: new Date(Date.now() + CHALLENGE_MINUTES * 60_000),
  });
}

/** Takes the challenge the browser signed, once: a second use, another purpose or user, or a late one fails. */
async function takeChallenge(db: Executor, challenge: string, purpose: Purpose, userId: string | null) {
  const taken = await db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.challenge, challenge),
        eq(webauthnChallenges.purpose, purpose),
        userId ? eq(webauthnChallenges.userId, userId) : isNull(webauthnChallenges.userId),
        gt(webauthnChallenges.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: webauthnChallenges.id });
  return taken.length === 1;
}

/** The challenge inside a response's clientDataJSON, or null when it is not there. */
function challengeOf(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== 'string') return null;
  try {
    const data = JSON.parse(isoBase64URL.toString(clientDataJSON)) as { challenge?: unknown };
    return typeof data.challenge === 'string' ? data.challenge : null;
  } catch {
    return null;
  }
}

export async function registrationOptions(db: Db, user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id));
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userID: user.id,
    userName: user.email,
    userDisplayName: [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({
      id: isoBase64URL.toBuffer(p.credentialId),
      type: 'public-key' as const,
      transports: p.transports as AuthenticatorTransportFuture[],
    })),
    // Discoverable, so the sign-in page needs no email first.
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  await storeChallenge(db, options.challenge, 'register', user.id);
  return options;
}

export type AddPasskeyResult = { ok: true; id: string } | { ok: false; error: 'invalid' | 'duplicate' | 'tooMany' };

/** Verifies the browser's new credential against the stored challenge and keeps it, audited and announced. */
export async function addPasskey(
  db: Db,
  user: User,
  input: { name: string; response: RegistrationResponseJSON },
  meta: RequestMeta,
): Promise<AddPasskeyResult> {
  const rp = relyingParty();
  const challenge = challengeOf(input.response?.response?.clientDataJSON);
  if (!challenge) return { ok: false, error: 'invalid' };
  return db.transaction(async (tx) => {
    if (!(await takeChallenge(tx, challenge, 'register', user.id))) return { ok: false, error: 'invalid' };
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response: input.response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: false,
      });
    } catch {
      return { ok: false, error: 'invalid' };
    }
    const info = verified.registrationInfo;
    if (!verified.verified || !info) return { ok: false, error: 'invalid' };
    const [{ count }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(passkeys)
      .where(eq(passkeys.userId, user.id));
    if (count >= MAX_PASSKEYS) return { ok: false, error: 'tooMany' };
    const [row] = await tx
      .insert(passkeys)
      .values({
        userId: user.id,
        orgId: user.orgId,
        name: input.name,
        credentialId: isoBase64URL.fromBuffer(info.credentialID),
        publicKey: isoBase64URL.fromBuffer(info.credentialPublicKey),
        counter: info.counter,
        transports: (input.response.response.transports ?? []).slice(0, 8),
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
      })
      .onConflictDoNothing()
      .returning({ id: passkeys.id });
    if (!row) return { ok: false, error: 'duplicate' };
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'passkey.added',
      targetType: 'user',
      targetId: user.id,
      data: { name: input.name },
      meta,
    });
    await queueSecurityMail(tx, 'passkey.added', user, meta, { name: input.name });
    return { ok: true, id: row.id };
  });
}

export async function authenticationOptions(db: Db): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    userVerification: 'preferred',
    allowCredentials: [],
  });
  await storeChallenge(db, options.challenge, 'authenticate', null);
  return options;
}

export type PasskeySignIn =
  { ok: true; userId: string; orgId: string; sessionId: string; mfaPending: boolean } | { ok: false };

/**
 * A sign-in with a passkey: the challenge taken once, the signature checked against the stored
 * public key for APP_URL's origin and RP ID, the signature counter moving forward. With user
 * verification it counts as both factors; without, a user with two-factor on still enters a code.
 */
export async function signInWithPasskey(
  db: Db,
  response: AuthenticationResponseJSON,
  meta: RequestMeta,
): Promise<PasskeySignIn> {
  const rp = relyingParty();
  const challenge = challengeOf(response?.response?.clientDataJSON);
  if (!challenge || typeof response.id !== 'string') return { ok: false };
  return db.transaction(async (tx) => {
    if (!(await takeChallenge(tx, challenge, 'authenticate', null))) return { ok: false };
    const [found] = await tx
      .select({ passkey: passkeys, user: users, absoluteHours: organizations.sessionAbsoluteHours })
      .from(passkeys)
      .innerJoin(users, eq(users.id, passkeys.userId))
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(eq(passkeys.credentialId, response.id), eq(users.status, 'active')))
      .limit(1)
      .for('update', { of: passkeys });
    if (!found) return { ok: false };
    const { passkey, user } = found;
    // The credential belongs to the user the authenticator names, if it names one.
    const handle = response.response.userHandle;
    if (handle && isoBase64URL.toString(handle) !== user.id && handle !== user.id) return { ok: false };
    let verified;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        authenticator: {
          credentialID: isoBase64URL.toBuffer(passkey.credentialId),
          credentialPublicKey: isoBase64URL.toBuffer(passkey.publicKey),
          counter: passkey.counter,
          transports: passkey.transports as AuthenticatorTransportFuture[],
        },
        requireUserVerification: false,
      });
    } catch {
      return { ok: false };
    }
    if (!verified.verified) return { ok: false };
    const userVerified = verified.authenticationInfo.userVerified;
    const mfaPending = !userVerified && user.mfaEnabled;
    await tx
      .update(passkeys)
      .set({ counter: verified.authenticationInfo.newCounter, lastUsedAt: new Date() })
      .where(eq(passkeys.id, passkey.id));
    const sessionId = await createSession(tx, {
      userId: user.id,
      orgId: user.orgId,
      absoluteHours: found.absoluteHours,
      mfaPending,
      passkeyVerified: userVerified,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'auth.passkey_sign_in',
      targetType: 'user',
      targetId: user.id,
      data: { passkey: passkey.name, userVerified },
      meta,
    });
    return { ok: true, userId: user.id, orgId: user.orgId, sessionId, mfaPending };
  });
}

/** For the signed-in user's "Add a passkey" (called by the page's script, so checked here like an action). */
export async function optionsForCurrentUser(): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const current = await requireUser({ action: true });
  return registrationOptions(await getDb(), current.user);
}

/** For the sign-in page; with the database out of reach, the same "try again" as any page. */
export async function optionsForSignIn(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return authenticationOptions(await orUnavailable(getDb));
}
