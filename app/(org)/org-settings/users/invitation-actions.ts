'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';

import { getDb } from '@/db';
import { isFormData } from '@/lib/actions/define';
import { requireUser } from '@/lib/auth/current';
import { getRequestMeta } from '@/lib/http/request-meta';
import {
  getInviteRights,
  resendInvitation as resend,
  revokeInvitation as revoke,
  type InvitationChange,
} from '@/lib/org/invite';

import { setInviteNotice } from './new/flash';

type Change = typeof resend;

/**
 * The buttons of the pending-invitations list. The id is only a lookup key: lib/org/invite
 * loads it within the caller's organization, so another organization's id changes nothing.
 */
async function changeInvitation(formData: FormData, change: Change, successKey: string): Promise<void> {
  const { user, org } = await requireUser({ action: true });
  const db = await getDb();
  if (!(await getInviteRights(db, user, org.invitePolicy))) notFound();
  const id = isFormData(formData) ? formData.get('invitationId') : null;
  const result: InvitationChange = await change(db, user, typeof id === 'string' ? id : '', await getRequestMeta());
  if (!result.ok && result.reason === 'forbidden') notFound();
  if (result.ok) await setInviteNotice({ status: 'success', key: successKey, email: result.email });
  else
    await setInviteNotice({
      status: 'error',
      key: result.reason === 'refused' ? result.message : 'invites.errors.gone',
    });
  revalidatePath('/org-settings/users');
}

export async function resendInvitation(formData: FormData): Promise<void> {
  await changeInvitation(formData, resend, 'invites.notice.resent');
}

export async function revokeInvitation(formData: FormData): Promise<void> {
  await changeInvitation(formData, revoke, 'invites.notice.revoked');
}
