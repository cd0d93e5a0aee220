'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';

import { orgFormAction } from '@/lib/actions/define';
import { z } from '@/lib/actions/zod';
import { setFlash } from '@/lib/http/flash';
import type { MessageKey } from '@/lib/i18n/message';
import { actorOf } from '@/lib/org/actor';
import { resendInvitation as resend, revokeInvitation as revoke } from '@/lib/org/invite';
import { mayInvite } from '@/lib/settings/org-nav';

import { USERS_PATH } from './paths';

type Change = typeof resend;

/** Any id, even a malformed one, is only a lookup key: lib/org/invite answers "gone" for what it does not find. */
const invitationSchema = z.object({ invitationId: z.catch(z.string().check(z.maxLength(100)), '') });

/**
 * The buttons of the pending-invitations list: plain forms, so they work without JavaScript.
 * Whoever may not invite gets a 404 before the id is even read; another organization's id
 * changes nothing.
 */
function changeInvitation(change: Change, successKey: MessageKey) {
  return orgFormAction(mayInvite, invitationSchema, async (input, { db, current, meta }) => {
    const result = await change(db, actorOf(current), input.invitationId, meta);
    if (!result.ok && result.reason === 'forbidden') notFound();
    await setFlash(
      USERS_PATH,
      result.ok
        ? { status: 'success', key: successKey, values: { email: result.email } }
        : { status: 'error', key: result.reason === 'refused' ? result.message : 'invites.errors.gone' },
    );
    revalidatePath(USERS_PATH);
  });
}

export const resendInvitation = changeInvitation(resend, 'invites.notice.resent');

export const revokeInvitation = changeInvitation(revoke, 'invites.notice.revoked');
