import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';

/** The colleague chosen from the search results: an id whose owner the domain function checks. */
export const setDelegateSchema = z.object({
  delegateUserId: fields.uuid('approvals.errors.notFound'),
});
export type SetDelegateInput = z.output<typeof setDelegateSchema>;

export const clearDelegateSchema = z.object({});
export type ClearDelegateInput = z.output<typeof clearDelegateSchema>;

/** The longest search the colleague search reads. */
export const MAX_SEARCH = 100;
