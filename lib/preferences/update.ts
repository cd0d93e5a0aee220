import 'server-only';

import { and, eq, isNull } from 'drizzle-orm';

import type { Executor } from '@/db';
import { users } from '@/db/schema';

import { audit } from '../audit/log';
import { canonicalTimeZone } from '../i18n/time-zones';
import type { AccountUser, AuditMeta } from '../profile/account-user';
import { choiceToAnimations } from './appearance';
import type { DevicesInput, SavedDevices } from './devices-schema';
import type { AppearanceInput, DashboardDefaultsInput } from './general-schemas';
import type { DetectedTimeZoneInput, RegionalInput } from './regional-schemas';

type Actor = Pick<AccountUser, 'id' | 'orgId'>;
const own = (actor: Actor) => and(eq(users.id, actor.id), eq(users.orgId, actor.orgId));

// Dashboard, appearance and devices are the user's own display choices and keep no audit row,
// so their functions take no request meta.

/** The dashboard's starting filters, merged over what is stored (a key the form lacks is kept). */
export async function updateDashboardDefaults(
  db: Executor,
  actor: Actor & Pick<AccountUser, 'dashboardDefaults'>,
  input: DashboardDefaultsInput,
): Promise<{ ok: true }> {
  await db
    .update(users)
    .set({ dashboardDefaults: { ...actor.dashboardDefaults, ...input }, updatedAt: new Date() })
    .where(own(actor));
  return { ok: true };
}

export async function updateAppearance(db: Executor, actor: Actor, input: AppearanceInput): Promise<{ ok: true }> {
  await db
    .update(users)
    .set({ theme: input.theme, animations: choiceToAnimations(input.animations), updatedAt: new Date() })
    .where(own(actor));
  return { ok: true };
}

/** The system default is stored as "no choice", and a label without its id means nothing. */
export async function saveDevices(
  db: Executor,
  actor: Actor,
  input: DevicesInput,
): Promise<{ ok: true; devices: SavedDevices }> {
  const devices: SavedDevices = {};
  if (input.microphoneId) {
    devices.microphoneId = input.microphoneId;
    if (input.microphoneLabel) devices.microphoneLabel = input.microphoneLabel;
  }
  if (input.speakerId) {
    devices.speakerId = input.speakerId;
    if (input.speakerLabel) devices.speakerLabel = input.speakerLabel;
  }
  await db.update(users).set({ devices, updatedAt: new Date() }).where(own(actor));
  return { ok: true, devices };
}

export type RegionalResult = { ok: true; changed: boolean } | { ok: false; error: 'timeZoneUnknown' };

/**
 * Language and time zone. The zone must be one the server's ICU knows ('' means "not chosen",
 * stored as null); saving what is stored already writes nothing.
 */
export async function updateRegional(
  db: Executor,
  actor: Actor & Pick<AccountUser, 'locale' | 'timeZone'>,
  input: RegionalInput,
  meta: AuditMeta,
): Promise<RegionalResult> {
  const timeZone = input.timeZone === '' ? null : canonicalTimeZone(input.timeZone);
  if (input.timeZone !== '' && !timeZone) return { ok: false, error: 'timeZoneUnknown' };
  if (input.locale === actor.locale && timeZone === actor.timeZone) return { ok: true, changed: false };
  await db.transaction(async (tx) => {
    await tx.update(users).set({ locale: input.locale, timeZone, updatedAt: new Date() }).where(own(actor));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'regional.updated',
      targetType: 'user',
      targetId: actor.id,
      data: { locale: { from: actor.locale, to: input.locale }, timeZone: { from: actor.timeZone, to: timeZone } },
      meta,
    });
  });
  return { ok: true, changed: true };
}

export type DetectedTimeZoneResult =
  | { ok: true; saved: true; timeZone: string }
  /** The user has chosen a zone since the banner was shown: theirs stays. */
  | { ok: true; saved: false }
  | { ok: false; error: 'timeZoneUnknown' };

/**
 * The first-sign-in banner's "Use it": sets the browser's zone only while the user has none,
 * so a banner left open in another tab cannot overwrite a zone chosen since.
 */
export async function acceptDetectedTimeZone(
  db: Executor,
  actor: Actor,
  input: DetectedTimeZoneInput,
  meta: AuditMeta,
): Promise<DetectedTimeZoneResult> {
  const timeZone = canonicalTimeZone(input.timeZone);
  if (!timeZone) return { ok: false, error: 'timeZoneUnknown' };
  const saved = await db.transaction(async (tx) => {
    const rows = await tx
      .update(users)
      .set({ timeZone, updatedAt: new Date() })
      .where(and(own(actor), isNull(users.timeZone)))
      .returning({ id: users.id });
    if (!rows.length) return false;
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'regional.time_zone_detected',
      targetType: 'user',
      targetId: actor.id,
      data: { timeZone },
      meta,
    });
    return true;
  });
  return saved ? { ok: true, saved: true, timeZone } : { ok: true, saved: false };
}
