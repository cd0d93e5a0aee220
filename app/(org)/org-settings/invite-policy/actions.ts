'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { organizations } from '@/db/schema';
import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { getT } from '@/lib/i18n/server';
import { MAX_ALLOWED_DOMAINS, parseAllowedDomains } from '@/lib/org/invite-policy';

import { invitePolicySchema } from './schema';

export const updateInvitePolicy = orgAction(
  'policies.manage',
  invitePolicySchema,
  async (input, { current, meta, values }) => {
    const { domains, invalid } = parseAllowedDomains(input.allowedDomains);
    if (invalid.length) {
      const t = await getT();
      return failure(
        'errors.checkFields',
        {
          allowedDomains: [
            t('invites.errors.invalidDomains', { count: invalid.length, list: invalid.slice(0, 5).join(', ') }),
          ],
        },
        values,
      );
    }
    if (domains.length > MAX_ALLOWED_DOMAINS) {
      const t = await getT();
      return failure(
        'errors.checkFields',
        { allowedDomains: [t('invites.errors.tooManyDomains', { max: MAX_ALLOWED_DOMAINS })] },
        values,
      );
    }
    const db = await getDb();
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select({ invitePolicy: organizations.invitePolicy, allowedEmailDomains: organizations.allowedEmailDomains })
        .from(organizations)
        .where(eq(organizations.id, current.org.id))
        .for('update');
      const unchanged =
        before.invitePolicy === input.invitePolicy && before.allowedEmailDomains.join('\n') === domains.join('\n');
      if (unchanged) return;
      await tx
        .update(organizations)
        .set({ invitePolicy: input.invitePolicy, allowedEmailDomains: domains, updatedAt: new Date() })
        .where(eq(organizations.id, current.org.id));
      await audit(tx, {
        orgId: current.org.id,
        actorUserId: current.user.id,
        action: 'org.invite_policy_changed',
        targetType: 'organization',
        targetId: current.org.id,
        data: { from: before, to: { invitePolicy: input.invitePolicy, allowedEmailDomains: domains } },
        meta,
      });
    });
    revalidatePath('/org-settings', 'layout');
    return success('invites.policy.saved');
  },
);
