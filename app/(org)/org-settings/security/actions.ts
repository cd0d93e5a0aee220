'use server';

import { revalidatePath } from 'next/cache';

import { orgAction } from '@/lib/actions/define';
import { success } from '@/lib/actions/result';
import { actorOf } from '@/lib/org/actor';
import { updateSecurityPolicy as update } from '@/lib/org/policies';
import { securityPolicySchema } from '@/lib/org/security-policy-schema';

export const updateSecurityPolicy = orgAction(
  'policies.manage',
  securityPolicySchema,
  async (input, { db, current, meta }) => {
    const { changed } = await update(db, actorOf(current), input, meta);
    // requireMfa changes what every page lets people through to.
    if (changed) revalidatePath('/', 'layout');
    return success('orgSecurity.saved');
  },
);
