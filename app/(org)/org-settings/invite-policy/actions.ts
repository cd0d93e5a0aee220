'use server';

import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { getT } from '@/lib/i18n/server';
import { actorOf } from '@/lib/org/actor';
import { invitePolicySchema } from '@/lib/org/invite-policy-schema';
import { updateInvitePolicy as update } from '@/lib/org/policies';

export const updateInvitePolicy = orgAction(
  'policies.manage',
  invitePolicySchema,
  async (input, { current, meta, values }) => {
    const result = await update(await getDb(), actorOf(current), input, meta);
    if (!result.ok) {
      const t = await getT();
      const message =
        result.error === 'invalidDomains'
          ? t('invites.errors.invalidDomains', {
              count: result.invalid.length,
              list: result.invalid.slice(0, 5).join(', '),
            })
          : t('invites.errors.tooManyDomains', { max: result.max });
      return failure('errors.checkFields', { allowedDomains: [message] }, values);
    }
    revalidatePath('/org-settings', 'layout');
    return success('invites.policy.saved');
  },
);
