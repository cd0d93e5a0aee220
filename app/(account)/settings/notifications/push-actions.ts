'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { userFormAction } from '@/lib/actions/define';
import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';
import { setFlash } from '@/lib/http/flash';
import * as push from '@/lib/notifications/push';

const PAGE = '/settings/notifications';

/** "Remove" of one browser in the list; an id of someone else's browser matches nothing. */
export const removePushDevice = userFormAction(
  z.object({ deviceId: fields.uuid() }),
  async (input, { db, current, meta }) => {
    const result = await push.removePushDevice(db, current.user, input.deviceId, meta);
    revalidatePath(PAGE);
    if (!result.ok) return;
    await setFlash(PAGE, { status: 'success', key: 'push.removed' });
    redirect(`${PAGE}#push-title`);
  },
);
