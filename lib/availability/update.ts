import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Executor } from '@/db';
import { users } from '@/db/schema';

import { audit } from '../audit/log';
import type { AccountUser, AuditMeta } from '../profile/account-user';
import { localInputToDate } from './local-time';
import type { AwayPeriodInput, ClearAwayPeriodInput, StatusInput } from './schemas';

type Actor = Pick<AccountUser, 'id' | 'orgId'>;

/** The status shown on the user's avatar. Saving the same status again writes nothing. */
export async function updateStatus(
  db: Executor,
  actor: Actor & Pick<AccountUser, 'availability'>,
  input: StatusInput,
  meta: AuditMeta,
): Promise<{ ok: true; changed: boolean }> {
  if (input.availability === actor.availability) return { ok: true, changed: false };
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ availability: input.availability, updatedAt: new Date() })
      .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'availability.status_changed',
      targetType: 'user',
      targetId: actor.id,
      data: { from: actor.availability, to: input.availability },
      meta,
    });
  });
  return { ok: true, changed: true };
}

async function storeAwayPeriod(
  db: Executor,
  actor: Actor,
  period: { awayFrom: Date; awayUntil: Date } | null,
  meta: AuditMeta,
) {
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ awayFrom: period?.awayFrom ?? null, awayUntil: period?.awayUntil ?? null, updatedAt: new Date() })
      .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: period ? 'availability.away_set' : 'availability.away_cleared',
      targetType: 'user',
      targetId: actor.id,
      data: period ? { from: period.awayFrom.toISOString(), until: period.awayUntil.toISOString() } : {},
      meta,
    });
  });
}

export type AwayPeriodError = 'dateTime' | 'order' | 'untilPast';
export type AwayPeriodResult = { ok: true; cleared: boolean } | { ok: false; error: AwayPeriodError };

/**
 * The inputs are wall-clock times in the user's own zone (UTC when none is set), converted here
 * rather than in the browser so the browser's zone never matters. Both ends empty clear the period.
 */
export async function updateAwayPeriod(
  db: Executor,
  actor: Actor & Pick<AccountUser, 'timeZone'>,
  input: AwayPeriodInput,
  meta: AuditMeta,
  now = new Date(),
): Promise<AwayPeriodResult> {
  if (!input.awayFrom && !input.awayUntil) {
    await storeAwayPeriod(db, actor, null, meta);
    return { ok: true, cleared: true };
  }
  const awayFrom = localInputToDate(input.awayFrom, actor.timeZone);
  const awayUntil = localInputToDate(input.awayUntil, actor.timeZone);
  if (!awayFrom || !awayUntil) return { ok: false, error: 'dateTime' };
  // Equal wall-clock strings can still collapse onto one instant across a clock change.
  if (awayUntil.getTime() <= awayFrom.getTime()) return { ok: false, error: 'order' };
  if (awayUntil.getTime() <= now.getTime()) return { ok: false, error: 'untilPast' };
  await storeAwayPeriod(db, actor, { awayFrom, awayUntil }, meta);
  return { ok: true, cleared: false };
}

/** Ends the away period; without one there is nothing to write. */
export async function clearAwayPeriod(
  db: Executor,
  actor: Actor & Pick<AccountUser, 'awayFrom' | 'awayUntil'>,
  _input: ClearAwayPeriodInput,
  meta: AuditMeta,
): Promise<{ ok: true }> {
  if (actor.awayFrom || actor.awayUntil) await storeAwayPeriod(db, actor, null, meta);
  return { ok: true };
}
