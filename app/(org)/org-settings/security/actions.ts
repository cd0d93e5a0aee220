'use server';

import { revalidatePath } from 'next/cache';

import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { actorOf } from '@/lib/org/actor';
import { updateSecurityPolicy as update } from '@/lib/org/policies';
import { securityPolicySchema } from '@/lib/org/security-policy-schema';

export const updateSecurityPolicy = orgAction(
  'policies.manage',
  securityPolicySchema,
  async (input, { db, current, meta, values }) => {
    const result = await update(db, actorOf(current), input, meta);
    if (!result.ok) {
      return failure(
        'orgSecurity.errors.confirmOwnMfa',
        { confirmOwnMfa: ['orgSecurity.errors.confirmOwnMfa'] },
        values,
      );
    }
    // requireMfa changes what every page lets people through to.
    if (result.changed) revalidatePath('/', 'layout');
    return success('orgSecurity.saved');
  },
);
