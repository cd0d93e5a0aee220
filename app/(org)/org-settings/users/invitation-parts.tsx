import { buttonClass } from '@/components/ui/button';
import { FlashNotice } from '@/components/ui/flash-notice';
import type { Translator } from '@/lib/i18n/server';
import type { InvitationListRow } from '@/lib/org/invitations-query';
import type { InviteRights } from '@/lib/org/invite-policy';

import { resendInvitation, revokeInvitation } from './invitation-actions';
import { USERS_PATH } from './paths';
import { personName } from './users-table';

/**
 * Whether the viewer gets the Resend and Revoke buttons for a row. Only a hint for the page:
 * the actions check the same rules again in the invitation's own organization.
 */
export function mayManageInvitation(
  rights: InviteRights | null,
  viewerId: string,
  row: Pick<InvitationListRow, 'role' | 'invitedByUserId'>,
): boolean {
  return !!rights && rights.roles.includes(row.role) && (rights.anyInvitation || row.invitedByUserId === viewerId);
}

export function inviterLabel(t: Translator, inviter: InvitationListRow['inviter']): string {
  return inviter ? personName(inviter) : t('invites.list.unknownInviter');
}

export const invitationName = (row: Pick<InvitationListRow, 'firstName' | 'lastName'>) =>
  `${row.firstName} ${row.lastName}`.trim();

export function ExpiredBadge({ label }: { label: string }) {
  return (
    <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      {label}
    </span>
  );
}

/** The result of the last invitation sent, resent or revoked (`setFlash` by their actions). */
export function InvitationFlash() {
  return (
    <div className="mb-4 empty:hidden">
      <FlashNotice path={USERS_PATH} />
    </div>
  );
}

/** Two plain forms posting the invitation's id: they work without JavaScript. */
export function InvitationButtons({ t, row }: { t: Translator; row: Pick<InvitationListRow, 'id' | 'email'> }) {
  return (
    <div className="flex gap-2">
      <form action={resendInvitation}>
        <input type="hidden" name="invitationId" value={row.id} />
        <button
          type="submit"
          className={buttonClass('secondary')}
          aria-label={t('invites.list.resendLabel', { email: row.email })}
        >
          {t('invites.list.resend')}
        </button>
      </form>
      <form action={revokeInvitation}>
        <input type="hidden" name="invitationId" value={row.id} />
        <button
          type="submit"
          className={buttonClass('ghost')}
          aria-label={t('invites.list.revokeLabel', { email: row.email })}
        >
          {t('invites.list.revoke')}
        </button>
      </form>
    </div>
  );
}
