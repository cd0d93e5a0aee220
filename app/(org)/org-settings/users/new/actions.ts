'use server';

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';

import { getDb } from '@/db';
import { userAction } from '@/lib/actions/define';
import { failure, success, type ActionState } from '@/lib/actions/result';
import { currentUserCan, requireUser } from '@/lib/auth/current';
import { getT } from '@/lib/i18n/server';
import { getInviteRights, inviteUser as sendInvitation } from '@/lib/org/invite';

import { setInviteNotice } from './flash';
import { inviteUserSchema } from './schema';

const invite = userAction(inviteUserSchema, async (input, { current, meta, values }) => {
  const result = await sendInvitation(await getDb(), current.user, input, meta);
  if (!result.ok && result.reason === 'forbidden') notFound();
  if (!result.ok) return failure('errors.checkFields', result.fieldErrors, values);
  revalidatePath('/org-settings/users');
  // Under the "everyone" policy a member may invite without seeing the users list.
  if (!(await currentUserCan('users.read')))
    return success((await getT())('invites.notice.sent', { email: result.email }));
  await setInviteNotice({ status: 'success', key: 'invites.notice.sent', email: result.email });
  redirect('/org-settings/users');
});

/** Whoever may not invite gets a 404 before anything they posted is even read. */
export async function inviteUser(previous: ActionState, formData: FormData): Promise<ActionState> {
  const { user, org } = await requireUser({ action: true });
  if (!(await getInviteRights(await getDb(), user, org.invitePolicy))) notFound();
  return invite(previous, formData);
}
