'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { users } from '@/db/schema';
import { userAction, type UserActionContext } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { localInputToDate } from '@/lib/availability/local-time';

import { awayPeriodSchema, clearAwayPeriodSchema, statusSchema } from './schemas';

const PAGE = '/settings/availability';

/** The status also shows on the header avatar of every page, hence the layout revalidation. */
export const updateStatus = userAction(statusSchema, async (input, { current, meta }) => {
  const { user, org } = current;
  if (input.availability !== user.availability) {
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ availability: input.availability, updatedAt: new Date() })
        .where(eq(users.id, user.id));
      await audit(tx, {
        orgId: org.id,
        actorUserId: user.id,
        action: 'availability.status_changed',
        targetType: 'user',
        targetId: user.id,
        data: { from: user.availability, to: input.availability },
        meta,
      });
    });
  }
  revalidatePath('/', 'layout');
  return success('availability.statusSaved');
});

async function storeAwayPeriod({ current, meta }: UserActionContext, awayFrom: Date | null, awayUntil: Date | null) {
  const { user, org } = current;
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ awayFrom, awayUntil, updatedAt: new Date() }).where(eq(users.id, user.id));
    await audit(tx, {
      orgId: org.id,
      actorUserId: user.id,
      action: awayFrom ? 'availability.away_set' : 'availability.away_cleared',
      targetType: 'user',
      targetId: user.id,
      data: awayFrom && awayUntil ? { from: awayFrom.toISOString(), until: awayUntil.toISOString() } : {},
      meta,
    });
  });
  revalidatePath(PAGE);
}

/**
 * The inputs are wall-clock times in the user's own zone (UTC when none is set), converted here
 * rather than in the browser so the browser's zone never matters.
 */
export const updateAwayPeriod = userAction(awayPeriodSchema, async (input, context) => {
  const { current, values } = context;
  if (!input.awayFrom && !input.awayUntil) {
    await storeAwayPeriod(context, null, null);
    return success('availability.awayCleared');
  }
  const zone = current.user.timeZone;
  const awayFrom = localInputToDate(input.awayFrom, zone);
  const awayUntil = localInputToDate(input.awayUntil, zone);
  if (!awayFrom || !awayUntil)
    return failure('errors.checkFields', { awayFrom: ['availability.errors.dateTime'] }, values);
  // Equal wall-clock strings can still collapse onto one instant across a clock change.
  if (awayUntil.getTime() <= awayFrom.getTime()) {
    return failure('errors.checkFields', { awayUntil: ['availability.errors.order'] }, values);
  }
  if (awayUntil.getTime() <= Date.now()) {
    return failure('errors.checkFields', { awayUntil: ['availability.errors.untilPast'] }, values);
  }
  await storeAwayPeriod(context, awayFrom, awayUntil);
  return success('availability.awaySaved');
});

export const clearAwayPeriod = userAction(clearAwayPeriodSchema, async (_input, context) => {
  const { user } = context.current;
  if (user.awayFrom || user.awayUntil) await storeAwayPeriod(context, null, null);
  return success('availability.awayCleared');
});
