import 'server-only';

import { and, count, eq, isNull, lt, or } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { backupCodes, sessions, users } from '@/db/schema';

import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import { BACKUP_CODE_COUNT, generateBackupCodes, hashBackupCode, looksLikeBackupCode } from './backup-codes';
import { decryptSecret, encryptSecret } from './secret-box';
import { queueSecurityMail } from './security-mail';
import { TOTP_PURPOSE, verifyTotp } from './totp';

type User = typeof users.$inferSelect;
const REVEAL_PURPOSE = 'backup-codes-reveal';
const REVEAL_MINUTES = 15;

export function pendingTotpSecret(user: Pick<User, 'totpPendingEnc'>): string | null {
  if (!user.totpPendingEnc) return null;
  try {
    return decryptSecret(user.totpPendingEnc, TOTP_PURPOSE);
  } catch {
    return null;
  }
}

/**
 * Ten new backup codes in place of the old ones, revealed once to `sessionId` alone. Runs inside
 * the caller's transaction.
 */
export async function replaceBackupCodes(tx: Executor, user: Pick<User, 'id' | 'orgId'>, sessionId: string) {
  const codes = generateBackupCodes(BACKUP_CODE_COUNT);
  await tx.delete(backupCodes).where(and(eq(backupCodes.userId, user.id), eq(backupCodes.orgId, user.orgId)));
  await tx
    .insert(backupCodes)
    .values(codes.map((c) => ({ orgId: user.orgId, userId: user.id, codeHash: hashBackupCode(c) })));
  // Shown once, to this session only, from the server — never carried in a form's state.
  await tx
    .update(sessions)
    .set({
      revealEnc: encryptSecret(JSON.stringify(codes), REVEAL_PURPOSE),
      revealExpiresAt: new Date(Date.now() + REVEAL_MINUTES * 60_000),
    })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, user.id)));
}

export async function remainingBackupCodes(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(backupCodes)
    .where(and(eq(backupCodes.userId, userId), isNull(backupCodes.usedAt)));
  return Number(row?.n ?? 0);
}

export async function readRevealedCodes(db: Db, sessionId: string): Promise<string[] | null> {
  const [row] = await db
    .select({ enc: sessions.revealEnc, until: sessions.revealExpiresAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId));
  if (!row?.enc || !row.until || row.until.getTime() < Date.now()) return null;
  try {
    return JSON.parse(decryptSecret(row.enc, REVEAL_PURPOSE)) as string[];
  } catch {
    return null;
  }
}

/**
 * The second factor at sign-in: a TOTP code (each accepted once: the step is claimed with a
 * conditional update, so a replay loses even when racing) or an unused backup code.
 */
export async function verifySecondFactor(
  db: Db,
  user: User,
  input: string,
  meta: RequestMeta,
): Promise<{ ok: true; method: 'totp' | 'backup' } | { ok: false; reason: 'invalid' | 'replayed' }> {
  const trimmed = input.replace(/\s+/g, '');
  if (/^\d{6}$/.test(trimmed) && user.totpSecretEnc) {
    const check = verifyTotp(decryptSecret(user.totpSecretEnc, TOTP_PURPOSE), trimmed, user.totpLastStep);
    if (!check.ok) return { ok: false, reason: check.reason === 'replayed' ? 'replayed' : 'invalid' };
    const claimed = await db
      .update(users)
      .set({ totpLastStep: check.step })
      .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, check.step))))
      .returning({ id: users.id });
    return claimed.length ? { ok: true, method: 'totp' } : { ok: false, reason: 'replayed' };
  }
  if (!looksLikeBackupCode(input)) return { ok: false, reason: 'invalid' };
  return db.transaction(async (tx) => {
    const used = await tx
      .update(backupCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(backupCodes.userId, user.id),
          eq(backupCodes.orgId, user.orgId),
          eq(backupCodes.codeHash, hashBackupCode(input)),
          isNull(backupCodes.usedAt),
        ),
      )
      .returning({ id: backupCodes.id });
    if (used.length === 0) return { ok: false, reason: 'invalid' } as const;
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'mfa.backup_code_used',
      targetType: 'user',
      targetId: user.id,
      meta,
    });
    await queueSecurityMail(tx, 'mfa.backup_code_used', user, meta);
    return { ok: true, method: 'backup' } as const;
  });
}
