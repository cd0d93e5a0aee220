'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { userFormAction } from '@/lib/actions/define';
import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';
import { setFlash, type Flash } from '@/lib/http/flash';
import { cancelTask as cancel } from '@/lib/tasks/tasks';

const PAGE = '/settings/background-tasks';

const taskIdSchema = z.object({ taskId: fields.uuid() });

const FLASH: Record<Awaited<ReturnType<typeof cancel>>, Flash> = {
  cancelled: { status: 'success', key: 'tasks.cancelled' },
  stopping: { status: 'success', key: 'tasks.stoppingFlash' },
  finished: { status: 'info', key: 'tasks.alreadyFinished' },
  'not-found': { status: 'error', key: 'tasks.errors.notFound' },
};

/** "Cancel" on one of the person's own tasks: a plain form, so it works without JavaScript. */
export const cancelTask = userFormAction(taskIdSchema, async (input, { db, current }) => {
  const result = await cancel(db, { id: current.user.id, orgId: current.org.id }, input.taskId);
  revalidatePath(PAGE);
  await setFlash(PAGE, FLASH[result]);
  redirect(PAGE);
});
