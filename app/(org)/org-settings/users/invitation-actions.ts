'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';

import { getDb } from '@/db';
import { isFormData } from '@/lib/actions/define';
import { getCurrentPermissions, requireUser } from '@/lib/auth/current';
import { setFlash } from '@/lib/http/flash';
import { getRequestMeta } from '@/lib/http/request-meta';
import { resendInvitation as resend, revokeInvitation as revoke } from '@/lib/org/invite';
import { mayInvite } from '@/lib/settings/org-nav';

import { USERS_PATH } from './paths';

type Change = typeof resend;

/**
 * The buttons of the pending-invitations list: plain forms, so they work without JavaScript.
 * Whoever may not invite gets a 404 before the id is even read. The id is only a lookup key:
 * lib/org/invite loads it within the caller's organization, so another organization's id
 * changes nothing.
 */
async function changeInvitation(formData: FormData, change: Change, successKey: string): Promise<void> {
  const current = await requireUser({ action: true });
  if (!mayInvite(current, await getCurrentPermissions())) notFound();
  const id = isFormData(formData) ? formData.get('invitationId') : null;
  const result = await change(await getDb(), current.user, typeof id === 'string' ? id : '', await getRequestMeta());
  if (!result.ok && result.reason === 'forbidden') notFound();
  await setFlash(
    USERS_PATH,
    result.ok
      ? { status: 'success', key: successKey, values: { email: result.email } }
      : { status: 'error', key: result.reason === 'refused' ? result.message : 'invites.errors.gone' },
  );
  revalidatePath(USERS_PATH);
}

export async function resendInvitation(formData: FormData): Promise<void> {
  await changeInvitation(formData, resend, 'invites.notice.resent');
}

export async function revokeInvitation(formData: FormData): Promise<void> {
  await changeInvitation(formData, revoke, 'invites.notice.revoked');
}
