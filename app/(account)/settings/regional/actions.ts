'use server';

import { and, eq, isNull } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { users } from '@/db/schema';
import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { getT, translatorFor } from '@/lib/i18n/server';
import { canonicalTimeZone } from '@/lib/i18n/time-zones';

import { detectedTimeZoneSchema, regionalSchema } from './schemas';

/** Language and zone shape every page (the root layout reads both), so all of them refresh. */
export const updateRegional = userAction(regionalSchema, async (input, { current, meta, values }) => {
  const timeZone = input.timeZone === '' ? null : canonicalTimeZone(input.timeZone);
  if (input.timeZone !== '' && !timeZone) {
    return failure('errors.checkFields', { timeZone: ['regional.timeZoneUnknown'] }, values);
  }
  const { user } = current;
  if (input.locale !== user.locale || timeZone !== user.timeZone) {
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ locale: input.locale, timeZone, updatedAt: new Date() })
        .where(and(eq(users.id, user.id), eq(users.orgId, user.orgId)));
      await audit(tx, {
        orgId: user.orgId,
        actorUserId: user.id,
        action: 'regional.updated',
        targetType: 'user',
        targetId: user.id,
        data: { locale: { from: user.locale, to: input.locale }, timeZone: { from: user.timeZone, to: timeZone } },
        meta,
      });
    });
    revalidatePath('/', 'layout');
  }
  // The request's translator still speaks the language the user just left.
  return success(translatorFor(input.locale)('regional.saved'));
});

/**
 * The first-sign-in banner's "Use it": sets the browser's zone only while the user has none,
 * so a banner left open in another tab cannot overwrite a zone chosen since.
 */
export const acceptDetectedTimeZone = userAction(detectedTimeZoneSchema, async (input, { current, meta }) => {
  const zone = canonicalTimeZone(input.timeZone);
  if (!zone) return failure('regional.timeZoneUnknown');
  const { user } = current;
  const db = await getDb();
  const saved = await db.transaction(async (tx) => {
    const rows = await tx
      .update(users)
      .set({ timeZone: zone, updatedAt: new Date() })
      .where(and(eq(users.id, user.id), eq(users.orgId, user.orgId), isNull(users.timeZone)))
      .returning({ id: users.id });
    if (!rows.length) return false;
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'regional.time_zone_detected',
      targetType: 'user',
      targetId: user.id,
      data: { timeZone: zone },
      meta,
    });
    return true;
  });
  if (!saved) return success('regional.prompt.alreadySet');
  revalidatePath('/', 'layout');
  return success((await getT())('regional.prompt.saved', { zone }));
});
