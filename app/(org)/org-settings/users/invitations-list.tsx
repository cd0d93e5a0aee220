import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { getCurrentPermissions } from '@/lib/auth/current';
import { userPage } from '@/lib/auth/pages';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { newestPendingInvitations } from '@/lib/org/invitations-query';
import { mayInvite } from '@/lib/settings/org-nav';

import {
  ExpiredBadge,
  InvitationButtons,
  InvitationFlash,
  invitationName,
  inviterLabel,
  mayManageInvitation,
} from './invitation-parts';

/** The summary under the users list; all of them, searchable and paged, are under Status "Invited". */
const SHOWN = 10;

export const INVITED_VIEW = '/org-settings/users?status=invited';

/**
 * Invitations not yet accepted or revoked, newest first; an expired one stays listed (marked
 * expired) until it is resent or revoked. Renders nothing for anyone outside `orgId`. Behind the
 * page gate like a page of its own, since it loads its own rows.
 */
export const PendingInvitations = userPage<{ orgId: string }>(async function PendingInvitations({
  orgId,
  current,
  db,
}) {
  if (current.org.id !== orgId) return null;
  const t = await getT();
  const [permissions, { rows, total }] = await Promise.all([
    getCurrentPermissions(),
    newestPendingInvitations(db, orgId, SHOWN),
  ]);
  const rights = mayInvite(current, permissions);

  return (
    <Card title={t('invites.list.title')} id="pending-invitations" description={t('invites.list.description')}>
      <InvitationFlash />
      {rows.length === 0 ? (
        <p className="text-sm muted">{t('invites.list.empty')}</p>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((row) => {
            const { expired } = row;
            const name = invitationName(row);
            const when = formatDateTime(row.expiresAt, current.user);
            return (
              <li key={row.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0 text-sm">
                  <p className="break-all font-medium">
                    {row.email}
                    {expired ? <ExpiredBadge label={t('invites.list.expired')} /> : null}
                  </p>
                  {name ? <p className="text-zinc-700 dark:text-zinc-300">{name}</p> : null}
                  <p className="muted">
                    {t('invites.list.meta', {
                      role: t(`roles.${row.role}.label`),
                      inviter: inviterLabel(t, row.inviter),
                    })}
                    {' · '}
                    {expired ? t('invites.list.expiredOn', { date: when }) : t('invites.list.expires', { date: when })}
                  </p>
                </div>
                {mayManageInvitation(rights, current.user.id, row) ? <InvitationButtons t={t} row={row} /> : null}
              </li>
            );
          })}
        </ul>
      )}
      {total > rows.length ? (
        <p className="mt-3 text-sm muted">
          {t('invites.list.more', { shown: rows.length, total })}{' '}
          <Link
            href={INVITED_VIEW}
            className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
          >
            {t('orgUsers.invitations.viewAll', { total })}
          </Link>
        </p>
      ) : null}
    </Card>
  );
});
