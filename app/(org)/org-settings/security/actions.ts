'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { organizations } from '@/db/schema';
import { orgAction } from '@/lib/actions/define';
import { success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';

import { securityPolicySchema } from './schemas';

/**
 * The idle timeout applies to every session at its next request; the lifetime is fixed when a
 * session starts, so it applies to sign-ins from now on.
 */
export const updateSecurityPolicy = orgAction(
  'policies.manage',
  securityPolicySchema,
  async (input, { current, meta }) => {
    const { org, user } = current;
    const before = {
      requireMfa: org.requireMfa,
      sessionIdleMinutes: org.sessionIdleMinutes,
      sessionAbsoluteHours: org.sessionAbsoluteHours,
    };
    const changed = (Object.keys(before) as Array<keyof typeof before>).filter((k) => before[k] !== input[k]);
    if (!changed.length) return success('orgSecurity.saved');
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx
        .update(organizations)
        .set({
          requireMfa: input.requireMfa,
          sessionIdleMinutes: input.sessionIdleMinutes,
          sessionAbsoluteHours: input.sessionAbsoluteHours,
          updatedAt: new Date(),
        })
        .where(eq(organizations.id, org.id));
      await audit(tx, {
        orgId: org.id,
        actorUserId: user.id,
        action: 'org.security_policy_changed',
        targetType: 'organization',
        targetId: org.id,
        data: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: input[k] }])),
        meta,
      });
    });
    // requireMfa changes what every page lets people through to.
    revalidatePath('/', 'layout');
    return success('orgSecurity.saved');
  },
);
