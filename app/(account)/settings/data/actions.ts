'use server';

import { redirect } from 'next/navigation';

import { userFormAction } from '@/lib/actions/define';
import { z } from '@/lib/actions/zod';
import { startDataExport } from '@/lib/data-export/task';
import { formatDateTime } from '@/lib/format';
import { setFlash } from '@/lib/http/flash';
import { actorOf } from '@/lib/org/actor';

const PAGE = '/settings/data';
const TASKS_PATH = '/settings/background-tasks';

/**
 * "Export my data": a plain form, so it works without JavaScript. Queues the export and goes to
 * the background tasks, where its file appears; within a day of the last one it stays here and
 * says when the next is possible, in the person's own zone.
 */
export const exportMyData = userFormAction(z.object({}), async (_input, { db, current, meta }) => {
  const result = await startDataExport(db, actorOf(current), { meta, sessionId: current.session.id });
  if (!result.ok) {
    await setFlash(PAGE, {
      status: 'error',
      key: 'dataExport.tooSoon',
      values: { time: formatDateTime(result.nextAt, current.user) },
    });
    redirect(PAGE);
  }
  await setFlash(TASKS_PATH, { status: 'success', key: 'tasks.exportStarted' });
  redirect(TASKS_PATH);
});
