'use server';

import { revalidatePath } from 'next/cache';

import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import type { Message } from '@/lib/i18n/message';
import { actorOf } from '@/lib/org/actor';
import { invitePolicySchema } from '@/lib/org/invite-policy-schema';
import { updateInvitePolicy as update } from '@/lib/org/policies';

export const updateInvitePolicy = orgAction(
  'policies.manage',
  invitePolicySchema,
  async (input, { db, current, meta, values }) => {
    const result = await update(db, actorOf(current), input, meta);
    if (!result.ok) {
      const message: Message =
        result.error === 'invalidDomains'
          ? {
              key: 'invites.errors.invalidDomains',
              values: { count: result.invalid.length, list: result.invalid.slice(0, 5).join(', ') },
            }
          : { key: 'invites.errors.tooManyDomains', values: { max: result.max } };
      return failure('errors.checkFields', { allowedDomains: [message] }, values);
    }
    revalidatePath('/org-settings', 'layout');
    return success('invites.policy.saved');
  },
);
