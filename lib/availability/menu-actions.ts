'use server';

import { revalidatePath } from 'next/cache';

import { userFormAction } from '../actions/define';
import { statusSchema } from './schemas';
import { updateStatus } from './update';

/**
 * The profile menu's status switch: one small form per status, in the header of every page. It
 * lives here rather than next to the availability page because the menu (components/) may not
 * import from app/. Same schema, same domain function and so the same audit row as the page's
 * "Save status". Without JavaScript the post re-renders the page it came from, with the new status
 * in the header; with JavaScript the header refreshes in place.
 */
export const switchStatus = userFormAction(statusSchema, async (input, { db, current, meta }) => {
  await updateStatus(db, current.user, input, meta);
  revalidatePath('/', 'layout');
});
