'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { getDb } from '@/db';
import { isFormData } from '@/lib/actions/define';
import { requireUser } from '@/lib/auth/current';
import { getRequestMeta } from '@/lib/http/request-meta';
import { endSessionSchema } from '@/lib/security/schemas';
import * as security from '@/lib/security/sessions';

const PAGE = '/settings/security';

/** Ends one of the caller's own sessions; an id of anyone else's session matches nothing. */
export async function endSession(formData: FormData): Promise<void> {
  const current = await requireUser({ action: true, beforeMfaSetup: true });
  const parsed = endSessionSchema.safeParse({ sessionId: isFormData(formData) ? formData.get('sessionId') : null });
  if (!parsed.success) return revalidatePath(PAGE);
  const result = await security.endSession(await getDb(), current, parsed.data, await getRequestMeta());
  revalidatePath(PAGE);
  if (!result.ok) return;
  // The page says so, with and without JavaScript (a plain form post follows the redirect).
  redirect(`${PAGE}?signedOut=one#sessions`);
}

export async function endOtherSessions(): Promise<void> {
  const current = await requireUser({ action: true, beforeMfaSetup: true });
  const { count } = await security.endOtherSessions(await getDb(), current, {}, await getRequestMeta());
  revalidatePath(PAGE);
  redirect(`${PAGE}?signedOut=others&count=${count}#sessions`);
}
