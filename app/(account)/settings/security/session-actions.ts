'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { userFormAction } from '@/lib/actions/define';
import { z } from '@/lib/actions/zod';
import { setFlash } from '@/lib/http/flash';
import { endSessionSchema } from '@/lib/security/schemas';
import * as security from '@/lib/security/sessions';

const PAGE = '/settings/security';

/** Ends one of the caller's own sessions; an id of anyone else's session matches nothing. */
export const endSession = userFormAction(
  endSessionSchema,
  async (input, { db, current, meta }) => {
    const result = await security.endSession(db, current, input, meta);
    revalidatePath(PAGE);
    if (!result.ok) return;
    // The sessions card says so, with and without JavaScript (a plain form post follows the redirect).
    await setFlash(PAGE, { status: 'success', key: 'security.sessionEnded' });
    redirect(`${PAGE}#sessions-title`);
  },
  { beforeMfaSetup: true },
);

export const endOtherSessions = userFormAction(
  z.object({}),
  async (_input, { db, current, meta }) => {
    const { count } = await security.endOtherSessions(db, current, {}, meta);
    revalidatePath(PAGE);
    await setFlash(PAGE, { status: 'success', key: 'security.otherSessionsEnded', values: { count } });
    redirect(`${PAGE}#sessions-title`);
  },
  { beforeMfaSetup: true },
);
