'use server';

import { redirect } from 'next/navigation';

import { userFormAction } from '@/lib/actions/define';
import { setFlash } from '@/lib/http/flash';
import * as activity from '@/lib/notifications/activity';
import { markAllReadSchema, markReadSchema } from '@/lib/notifications/activity-schemas';

const PAGE = '/notifications';

/** Back to the page the person was on; a cursor that is not one leads to the newest. */
function pageOf(before: string | undefined): string {
  return before && activity.decodeCursor(before) ? `${PAGE}?before=${encodeURIComponent(before)}` : PAGE;
}

/** A plain form per unread notification, so it works without JavaScript. */
export const markRead = userFormAction(markReadSchema, async (input, { db, current }) => {
  const result = await activity.markRead(db, current.user, input.notificationId);
  await setFlash(
    PAGE,
    result.ok ? { status: 'success', key: 'activity.markedRead' } : { status: 'error', key: 'activity.notFound' },
  );
  redirect(pageOf(input.before));
});

export const markAllRead = userFormAction(markAllReadSchema, async (input, { db, current }) => {
  await activity.markAllRead(db, current.user);
  await setFlash(PAGE, { status: 'success', key: 'activity.allMarkedRead' });
  redirect(pageOf(input.before));
});
