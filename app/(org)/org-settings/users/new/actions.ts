'use server';

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';

import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { permissionsOf } from '@/lib/auth/current';
import { setFlash } from '@/lib/http/flash';
import { actorOf } from '@/lib/org/actor';
import { inviteUser as sendInvitation } from '@/lib/org/invite';
import { inviteUserSchema } from '@/lib/org/invite-schema';
import { mayInvite } from '@/lib/settings/org-nav';

import { USERS_PATH } from '../paths';

/**
 * Whoever may not invite gets a 404 before anything they posted is even read: the invite policy,
 * not one permission, decides (see mayInvite).
 */
export const inviteUser = orgAction(mayInvite, inviteUserSchema, async (input, { db, current, meta, values }) => {
  const result = await sendInvitation(db, actorOf(current), input, meta);
  if (!result.ok && result.reason === 'forbidden') notFound();
  if (!result.ok) return failure('errors.checkFields', result.fieldErrors, values);
  revalidatePath(USERS_PATH);
  // Under the "everyone" policy a member may invite without seeing the users list.
  if (!(await permissionsOf(current)).has('users.read'))
    return success({ key: 'invites.notice.sent', values: { email: result.email } });
  await setFlash(USERS_PATH, { status: 'success', key: 'invites.notice.sent', values: { email: result.email } });
  redirect(USERS_PATH);
});
