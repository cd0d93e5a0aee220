'use server';

import { revalidatePath } from 'next/cache';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import * as delegates from '@/lib/approvals/delegate';
import { clearDelegateSchema, setDelegateSchema } from '@/lib/approvals/schemas';

const PAGE = '/settings/approvals';
/** The availability page names the delegate while an away period is set. */
const AVAILABILITY = '/settings/availability';

const DELEGATE_ERRORS = {
  self: { delegateUserId: ['approvals.errors.self'] },
  notFound: { delegateUserId: ['approvals.errors.notFound'] },
  inactive: { delegateUserId: ['approvals.errors.inactive'] },
  cycle: { delegateUserId: ['approvals.errors.cycle'] },
} as const satisfies Record<delegates.SetDelegateError, Record<string, string[]>>;

export const setDelegate = userAction(setDelegateSchema, async (input, { db, current, meta }) => {
  const result = await delegates.setDelegate(db, current.user, input, meta);
  if (!result.ok) return failure('errors.checkFields', DELEGATE_ERRORS[result.error]);
  revalidatePath(PAGE);
  revalidatePath(AVAILABILITY);
  return success('approvals.delegateSaved');
});

export const clearDelegate = userAction(clearDelegateSchema, async (input, { db, current, meta }) => {
  await delegates.clearDelegate(db, current.user, input, meta);
  revalidatePath(PAGE);
  revalidatePath(AVAILABILITY);
  return success('approvals.delegateRemoved');
});
