import 'server-only';

import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull, sql } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { users } from '@/db/schema';
import { audit } from '@/lib/audit/log';
import { ARGON2_PARAMS } from '@/lib/auth/password-hash';
import type { MessageKey } from '@/lib/i18n/message';
import { enqueueMail } from '@/lib/mail/outbox';
import { greetingName, mailIntl } from '@/lib/mail/recipient';

import { isUuid } from '../actions/schema-fields';
import { attemptSucceeded, ipKey, reserveAttempt } from './throttle';

export const PIN_MAX_FAILURES = 10;

export const PIN_MESSAGES = {
  format: 'errors.pin.format',
  predictable: 'errors.pin.predictable',
} as const satisfies Record<string, MessageKey>;

// Patterns people pick that the structural checks below do not already catch (keypad shapes, halves).
const COMMON_PINS = new Set([
  '000000',
  '112233',
  '121212',
  '123123',
  '123321',
  '123654',
  '111222',
  '147258',
  '147852',
  '159357',
  '159753',
  '258369',
  '314159',
  '520520',
  '654321',
  '696969',
  '741852',
  '789456',
  '852456',
  '963852',
  '102030',
  '11223344',
  '12344321',
  '11112222',
  '14725836',
]);

const isRun = (pin: string, step: 1 | -1) =>
  [...pin].every((d, i) => i === 0 || Number(d) - Number(pin[i - 1]) === step);

/** 121212, 123123, 12341234 and longer-than-one-cycle prefixes of them such as 1212121. */
const isRepetition = (pin: string) => {
  for (let unit = 1; unit <= pin.length / 2; unit++) {
    if ([...pin].every((d, i) => d === pin[i % unit])) return true;
  }
  return false;
};

function birthDateForms(dateOfBirth: string | null): { year: string | null; dates: string[] } {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(dateOfBirth ?? '');
  if (!m) return { year: null, dates: [] };
  const [, yyyy, mm, dd] = m;
  const yy = yyyy.slice(2);
  return {
    year: yyyy,
    dates: [dd + mm + yy, mm + dd + yy, yy + mm + dd, dd + mm + yyyy, yyyy + mm + dd, mm + dd + yyyy],
  };
}

/** Empty when the PIN is acceptable; otherwise messages for the form. */
export function pinProblems(pin: string, ctx: { dateOfBirth: string | null }): MessageKey[] {
  if (!/^[0-9]{6,8}$/.test(pin)) return [PIN_MESSAGES.format];
  const birth = birthDateForms(ctx.dateOfBirth);
  const predictable =
    isRepetition(pin) ||
    isRun(pin, 1) ||
    isRun(pin, -1) ||
    COMMON_PINS.has(pin) ||
    (birth.year !== null && pin.includes(birth.year)) ||
    birth.dates.some((d) => pin.includes(d));
  return predictable ? [PIN_MESSAGES.predictable] : [];
}

export function hashPin(pin: string): Promise<string> {
  return hash(pin, ARGON2_PARAMS);
}

async function pinMatches(stored: string, pin: string): Promise<boolean> {
  try {
    return await verify(stored, pin);
  } catch {
    return false;
  }
}

export type PinCheck =
  | { ok: true }
  | { ok: false; reason: 'not-set' | 'locked' | 'wrong'; remainingAttempts?: number }
  /** Too many failed checks from the caller's address lately, whoever they were about. */
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

type VerifyInput = {
  orgId: string;
  userId: string;
  pin: string;
  actorUserId: string | null;
  meta?: { ip: string | null; userAgent: string | null };
  /** Recorded with the audit entries of this check (e.g. that it came through the API, with which token). */
  auditData?: Record<string, unknown>;
};

/** The lock notice, in the user's language, with the moment of the lock in their zone. */
async function queuePinLockedMail(
  tx: Executor,
  orgId: string,
  user: { email: string; firstName: string; locale: string; timeZone: string | null },
): Promise<void> {
  const { t, time } = mailIntl(user);
  await enqueueMail(tx, {
    orgId,
    to: user.email,
    subject: t('mail.pinLocked.subject'),
    text: [
      t('mail.greeting', { name: greetingName(user) }),
      t('mail.pinLocked.body', { count: PIN_MAX_FAILURES }),
      t('mail.security.when', { time: time(new Date()) }),
    ].join('\n\n'),
  });
}

/**
 * Checks a PIN a caller gave to a call agent. Counting, locking, the audit trail and the lock
 * notice commit together, so concurrent wrong attempts lock exactly once and send one mail.
 */
export async function verifyUserPin(db: Db, input: VerifyInput): Promise<PinCheck> {
  // Per address, across every user: guessing one PIN each for many people counts too. Counted
  // before the check, so parallel guesses cannot all slip under the limit; a right PIN gives it back.
  const gate = await reserveAttempt(db, { ip: ipKey('pin', input.meta?.ip ?? null) });
  if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: gate.retryAfterSeconds };
  const result = await checkPin(db, input);
  if (result.ok) await attemptSucceeded(db, gate.attempt);
  return result;
}

async function checkPin(db: Db, input: VerifyInput): Promise<PinCheck> {
  // A malformed id would make PostgreSQL raise; it cannot belong to anyone, so it has no PIN.
  if (!isUuid(input.userId) || !isUuid(input.orgId)) return { ok: false, reason: 'not-set' };
  const scope = and(eq(users.id, input.userId), eq(users.orgId, input.orgId));
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      locale: users.locale,
      timeZone: users.timeZone,
      pinHash: users.pinHash,
      pinLockedAt: users.pinLockedAt,
    })
    .from(users)
    .where(scope);
  if (!user?.pinHash) return { ok: false, reason: 'not-set' };
  if (user.pinLockedAt) return { ok: false, reason: 'locked', remainingAttempts: 0 };

  // Hashing is slow: done before the transaction so no row lock is held meanwhile.
  const right = await pinMatches(user.pinHash, input.pin);
  const common = {
    orgId: input.orgId,
    actorUserId: input.actorUserId,
    targetType: 'user',
    targetId: user.id,
    meta: input.meta,
  };

  return db.transaction(async (tx): Promise<PinCheck> => {
    // Only while unlocked and still the same PIN: a lock or a new PIN set meanwhile wins.
    const unchanged = and(scope, isNull(users.pinLockedAt), eq(users.pinHash, user.pinHash!));
    const raced = async (): Promise<PinCheck> => {
      const [now] = await tx.select({ lockedAt: users.pinLockedAt }).from(users).where(scope);
      return now?.lockedAt ? { ok: false, reason: 'locked', remainingAttempts: 0 } : { ok: false, reason: 'wrong' };
    };
    if (right) {
      const updated = await tx.update(users).set({ pinFailedCount: 0 }).where(unchanged).returning({ id: users.id });
      if (updated.length === 0) return raced();
      await audit(tx, { ...common, action: 'pin.verified', data: input.auditData });
      return { ok: true };
    }

    const [row] = await tx
      .update(users)
      .set({
        pinFailedCount: sql`${users.pinFailedCount} + 1`,
        pinLockedAt: sql`CASE WHEN ${users.pinFailedCount} + 1 >= ${PIN_MAX_FAILURES} THEN now() ELSE NULL END`,
      })
      .where(unchanged)
      .returning({ failed: users.pinFailedCount, lockedAt: users.pinLockedAt });
    if (!row) return raced();

    const remainingAttempts = Math.max(0, PIN_MAX_FAILURES - row.failed);
    await audit(tx, {
      ...common,
      action: 'pin.verify_failed',
      data: { ...input.auditData, failedCount: row.failed, remainingAttempts },
    });
    if (!row.lockedAt) return { ok: false, reason: 'wrong', remainingAttempts };

    await audit(tx, { ...common, action: 'pin.locked', data: { ...input.auditData, failedCount: row.failed } });
    await queuePinLockedMail(tx, input.orgId, user);
    return { ok: false, reason: 'locked', remainingAttempts: 0 };
  });
}
