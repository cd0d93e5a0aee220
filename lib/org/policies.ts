import 'server-only';

import { and, asc, count, eq, ne } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { organizations, users } from '@/db/schema';

import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import { mfaDeadline } from '../security/mfa-requirement';
import type { OrgActor } from './actor';
import { MAX_ALLOWED_DOMAINS, parseAllowedDomains } from './invite-policy';
import type { InvitePolicyInput } from './invite-policy-schema';
import { SWITCHABLE_EVENTS, type NotificationPolicyInput } from './notification-policy-schema';
import type { SecurityPolicyInput } from './security-policy-schema';

/**
 * The organization's policies: who may invite and from which domains, which notifications go
 * out, and the two-factor and session rules. Each is read locked inside its transaction, so the
 * audit row's "before" is what the change replaced, even when two admins save at once.
 */

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'> | undefined;

async function lockOrg(tx: Executor, orgId: string) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
  return org;
}

export type InvitePolicyResult =
  | { ok: true; changed: boolean }
  | { ok: false; error: 'invalidDomains'; invalid: string[] }
  | { ok: false; error: 'tooManyDomains'; max: number };

export async function updateInvitePolicy(
  db: Db,
  actor: OrgActor,
  input: InvitePolicyInput,
  meta?: Meta,
): Promise<InvitePolicyResult> {
  const { domains, invalid } = parseAllowedDomains(input.allowedDomains);
  if (invalid.length) return { ok: false, error: 'invalidDomains', invalid };
  if (domains.length > MAX_ALLOWED_DOMAINS) return { ok: false, error: 'tooManyDomains', max: MAX_ALLOWED_DOMAINS };
  const changed = await db.transaction(async (tx) => {
    const org = await lockOrg(tx, actor.orgId);
    const before = { invitePolicy: org.invitePolicy, allowedEmailDomains: org.allowedEmailDomains };
    const unchanged =
      before.invitePolicy === input.invitePolicy && before.allowedEmailDomains.join('\n') === domains.join('\n');
    if (unchanged) return false;
    await tx
      .update(organizations)
      .set({ invitePolicy: input.invitePolicy, allowedEmailDomains: domains, updatedAt: new Date() })
      .where(eq(organizations.id, actor.orgId));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'org.invite_policy_changed',
      targetType: 'organization',
      targetId: actor.orgId,
      data: { from: before, to: { invitePolicy: input.invitePolicy, allowedEmailDomains: domains } },
      meta,
    });
    return true;
  });
  return { ok: true, changed };
}

export type PolicyResult = { ok: true; changed: boolean };

/** Only switched-off events are stored; mandatory ones cannot be switched off at all. */
export async function updateNotificationPolicy(
  db: Db,
  actor: OrgActor,
  input: NotificationPolicyInput,
  meta?: Meta,
): Promise<PolicyResult> {
  const changed = await db.transaction(async (tx) => {
    const org = await lockOrg(tx, actor.orgId);
    const wasOff = (key: string) => org.notificationEvents?.[key] === false;
    const turnedOff = SWITCHABLE_EVENTS.filter((e) => input.events[e.key] === false && !wasOff(e.key)).map(
      (e) => e.key,
    );
    const turnedOn = SWITCHABLE_EVENTS.filter((e) => input.events[e.key] !== false && wasOff(e.key)).map((e) => e.key);
    const enabledChanged = input.enabled !== org.notificationsEnabled;
    if (!enabledChanged && !turnedOff.length && !turnedOn.length) return false;
    await tx
      .update(organizations)
      .set({ notificationsEnabled: input.enabled, notificationEvents: input.events, updatedAt: new Date() })
      .where(eq(organizations.id, actor.orgId));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'org.notification_policy_changed',
      targetType: 'organization',
      targetId: actor.orgId,
      data: {
        ...(enabledChanged ? { enabled: { from: org.notificationsEnabled, to: input.enabled } } : {}),
        ...(turnedOff.length ? { turnedOff } : {}),
        ...(turnedOn.length ? { turnedOn } : {}),
      },
      meta,
    });
    return true;
  });
  return { ok: true, changed };
}

export type SecurityPolicyResult = { ok: true; changed: boolean } | { ok: false; error: 'confirmOwnMfa' };

/**
 * The idle timeout applies to every session at its next request; the lifetime is fixed when a
 * session starts, so it applies to sign-ins from now on. Turning the two-factor requirement on
 * starts its grace period at `now`; saving again while it is on keeps the deadline already
 * announced. An admin without two-factor of their own turns it on only after confirming the
 * warning that names them, so nobody locks themselves out by surprise.
 */
export async function updateSecurityPolicy(
  db: Db,
  actor: OrgActor,
  input: SecurityPolicyInput,
  meta?: Meta,
  now: Date = new Date(),
): Promise<SecurityPolicyResult> {
  return db.transaction(async (tx) => {
    const org = await lockOrg(tx, actor.orgId);
    const turningOn = input.requireMfa && !org.requireMfa;
    if (turningOn && !input.confirmOwnMfa) {
      const [self] = await tx.select({ mfaEnabled: users.mfaEnabled }).from(users).where(eq(users.id, actor.id));
      if (!self?.mfaEnabled) return { ok: false, error: 'confirmOwnMfa' } as const;
    }
    const mfaRequiredFrom = !input.requireMfa
      ? null
      : turningOn
        ? mfaDeadline(input.mfaGraceDays, now)
        : org.mfaRequiredFrom;
    const before = {
      requireMfa: org.requireMfa,
      mfaRequiredFrom: org.mfaRequiredFrom?.toISOString() ?? null,
      sessionIdleMinutes: org.sessionIdleMinutes,
      sessionAbsoluteHours: org.sessionAbsoluteHours,
    };
    const after: typeof before = {
      requireMfa: input.requireMfa,
      mfaRequiredFrom: mfaRequiredFrom?.toISOString() ?? null,
      sessionIdleMinutes: input.sessionIdleMinutes,
      sessionAbsoluteHours: input.sessionAbsoluteHours,
    };
    const fields = (Object.keys(before) as Array<keyof typeof before>).filter((k) => before[k] !== after[k]);
    if (!fields.length) return { ok: true, changed: false } as const;
    await tx
      .update(organizations)
      .set({
        requireMfa: input.requireMfa,
        mfaRequiredFrom,
        sessionIdleMinutes: input.sessionIdleMinutes,
        sessionAbsoluteHours: input.sessionAbsoluteHours,
        updatedAt: now,
      })
      .where(eq(organizations.id, actor.orgId));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'org.security_policy_changed',
      targetType: 'organization',
      targetId: actor.orgId,
      data: Object.fromEntries(fields.map((k) => [k, { from: before[k], to: after[k] }])),
      meta,
    });
    return { ok: true, changed: true } as const;
  });
}

/** Who has not set up two-factor yet (active and invited people, never the deactivated), by name. */
export async function listWithoutMfa(db: Executor, orgId: string, limit = 50) {
  return db
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      displayName: users.displayName,
    })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.mfaEnabled, false), ne(users.status, 'deactivated')))
    .orderBy(asc(users.lastName), asc(users.firstName), asc(users.email))
    .limit(limit);
}

/** People who could still sign in without a second factor: what requiring it would affect. */
export async function countWithoutMfa(db: Executor, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.mfaEnabled, false), ne(users.status, 'deactivated')));
  return row?.n ?? 0;
}
