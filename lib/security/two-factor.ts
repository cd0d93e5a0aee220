import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { backupCodes, sessions, users } from '@/db/schema';

import { audit } from '../audit/log';
import { kickMailQueue } from '../jobs/boss';
import type { AccountSession, AuditMeta } from '../profile/account-user';
import { pendingTotpSecret, replaceBackupCodes } from './mfa';
import { confirmPassword, type PasswordConfirmation } from './reauth';
import type { ConfirmWithPasswordInput, EnableTwoFactorInput } from './schemas';
import { encryptSecret } from './secret-box';
import { queueSecurityMail } from './security-mail';
import { generateTotpSecret, TOTP_PURPOSE, verifyTotp } from './totp';

type Actor = Pick<AccountSession, 'user' | 'session'>;
type Unconfirmed = Exclude<PasswordConfirmation, { ok: true }>;

const own = (user: Actor['user']) => and(eq(users.id, user.id), eq(users.orgId, user.orgId));

/**
 * Step one of setup: a new secret, kept aside (encrypted) until a code proves the app has it.
 * With two-factor authentication already on there is nothing to set up. No audit row: nothing
 * about the account's protection has changed yet.
 */
export async function beginTwoFactorSetup(db: Db, actor: Actor): Promise<{ ok: true; started: boolean }> {
  if (actor.user.mfaEnabled) return { ok: true, started: false };
  const secret = generateTotpSecret();
  await db
    .update(users)
    .set({ totpPendingEnc: encryptSecret(secret, TOTP_PURPOSE) })
    .where(own(actor.user));
  return { ok: true, started: true };
}

/** Drops the secret of a setup that was not finished. */
export async function cancelTwoFactorSetup(db: Db, actor: Actor): Promise<{ ok: true }> {
  await db.update(users).set({ totpPendingEnc: null }).where(own(actor.user));
  return { ok: true };
}

/** The user has stored the backup codes shown to this session: they are not shown again. */
export async function dismissBackupCodes(db: Db, actor: Actor): Promise<{ ok: true }> {
  await db
    .update(sessions)
    .set({ revealEnc: null, revealExpiresAt: null })
    .where(and(eq(sessions.id, actor.session.id), eq(sessions.userId, actor.user.id)));
  return { ok: true };
}

export type EnableTwoFactorResult =
  | { ok: true; alreadyOn: boolean }
  /** No setup was begun (or its secret can no longer be read). */
  | { ok: false; error: 'noPendingSetup' }
  | { ok: false; error: 'codeWrong' }
  | Unconfirmed;

/**
 * Step two: with the password confirmed, the code must match the pending secret; then two-factor
 * authentication is on and ten backup codes exist, revealed once to the actor's session.
 */
export async function enableTwoFactor(
  db: Db,
  actor: Actor,
  input: EnableTwoFactorInput,
  meta: AuditMeta,
): Promise<EnableTwoFactorResult> {
  const { user } = actor;
  if (user.mfaEnabled) return { ok: true, alreadyOn: true };
  const confirmed = await confirmPassword(db, actor, input.password);
  if (!confirmed.ok) return confirmed;
  const secret = pendingTotpSecret(user);
  if (!secret) return { ok: false, error: 'noPendingSetup' };
  const check = verifyTotp(secret, input.code.replace(/\s/g, ''), null);
  if (!check.ok) return { ok: false, error: 'codeWrong' };
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        mfaEnabled: true,
        totpSecretEnc: user.totpPendingEnc,
        totpPendingEnc: null,
        totpLastStep: check.step,
        updatedAt: new Date(),
      })
      .where(own(user));
    await replaceBackupCodes(tx, user, actor.session.id);
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'mfa.enabled',
      targetType: 'user',
      targetId: user.id,
      meta,
    });
    await queueSecurityMail(tx, 'mfa.enabled', user, meta);
  });
  await kickMailQueue();
  return { ok: true, alreadyOn: false };
}

export type DisableTwoFactorResult =
  | { ok: true; alreadyOff: boolean }
  /** The organization requires two-factor authentication of everyone. */
  | { ok: false; error: 'requiredByOrg' }
  | Unconfirmed;

/** Turns two-factor authentication off and voids the backup codes; needs the password. */
export async function disableTwoFactor(
  db: Db,
  actor: Actor & { org: Pick<AccountSession['org'], 'requireMfa'> },
  input: ConfirmWithPasswordInput,
  meta: AuditMeta,
): Promise<DisableTwoFactorResult> {
  const { user } = actor;
  if (!user.mfaEnabled) return { ok: true, alreadyOff: true };
  if (actor.org.requireMfa) return { ok: false, error: 'requiredByOrg' };
  const confirmed = await confirmPassword(db, actor, input.password);
  if (!confirmed.ok) return confirmed;
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ mfaEnabled: false, totpSecretEnc: null, totpPendingEnc: null, totpLastStep: null, updatedAt: new Date() })
      .where(own(user));
    await tx.delete(backupCodes).where(and(eq(backupCodes.userId, user.id), eq(backupCodes.orgId, user.orgId)));
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'mfa.disabled',
      targetType: 'user',
      targetId: user.id,
      meta,
    });
    await queueSecurityMail(tx, 'mfa.disabled', user, meta);
  });
  await kickMailQueue();
  return { ok: true, alreadyOff: false };
}

export type RegenerateBackupCodesResult = { ok: true } | { ok: false; error: 'notEnabled' } | Unconfirmed;

/** Ten new backup codes, revealed once to the actor's session; the old ones stop working. */
export async function regenerateBackupCodes(
  db: Db,
  actor: Actor,
  input: ConfirmWithPasswordInput,
  meta: AuditMeta,
): Promise<RegenerateBackupCodesResult> {
  const { user } = actor;
  if (!user.mfaEnabled) return { ok: false, error: 'notEnabled' };
  const confirmed = await confirmPassword(db, actor, input.password);
  if (!confirmed.ok) return confirmed;
  await db.transaction(async (tx) => {
    await replaceBackupCodes(tx, user, actor.session.id);
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'mfa.backup_codes_regenerated',
      targetType: 'user',
      targetId: user.id,
      meta,
    });
    await queueSecurityMail(tx, 'mfa.backup_codes_regenerated', user, meta);
  });
  await kickMailQueue();
  return { ok: true };
}
