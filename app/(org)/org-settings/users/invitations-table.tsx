import { BreakableEmail } from '@/components/ui/breakable-email';
import { cn } from '@/components/ui/cn';
import { formatDateTime, type FormatUser } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import type { InvitationListPage } from '@/lib/org/invitations-query';
import type { InviteRights } from '@/lib/org/invite';

import { ExpiredBadge, InvitationButtons, invitationName, inviterLabel, mayManageInvitation } from './invitation-parts';

const muted = 'muted';

/**
 * The "Invited" view: one row per pending invitation, in place of user rows. A narrow card (by
 * container width, not the screen's: the card sits beside the navigation) folds the role, the
 * inviter and the dates under the address.
 */
export async function InvitationsTable({
  list,
  viewer,
  rights,
}: {
  list: InvitationListPage;
  viewer: FormatUser & { id: string };
  rights: InviteRights | null;
}) {
  const t = await getT();
  const head = 'pb-2 pr-3 font-medium';
  const anyButtons = list.rows.some((row) => mayManageInvitation(rights, viewer.id, row));
  return (
    <div className="@container -mx-5 overflow-x-auto px-5 sm:-mx-6 sm:px-6">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('orgUsers.invitations.caption')}</caption>
        <thead className={`border-b border-zinc-200 text-xs uppercase tracking-wide dark:border-zinc-800 ${muted}`}>
          <tr>
            <th scope="col" className={head}>
              {t('orgUsers.invitations.person')}
            </th>
            <th scope="col" className={`${head} hidden @md:table-cell`}>
              {t('orgUsers.table.role')}
            </th>
            <th scope="col" className={`${head} hidden @xl:table-cell`}>
              {t('orgUsers.invitations.invitedBy')}
            </th>
            <th scope="col" className={`${head} hidden @4xl:table-cell`}>
              {t('orgUsers.invitations.sent')}
            </th>
            <th scope="col" className={`${head} hidden @4xl:table-cell`}>
              {t('orgUsers.invitations.expires')}
            </th>
            {anyButtons ? (
              <th scope="col" className="pb-2 text-right font-medium">
                <span className="sr-only">{t('orgUsers.invitations.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {list.rows.map((row) => {
            const name = invitationName(row);
            const role = t(`roles.${row.role}.label`);
            const inviter = inviterLabel(t, row.inviter);
            const sent = formatDateTime(row.createdAt, viewer);
            const expires = formatDateTime(row.expiresAt, viewer);
            const expiry = row.expired
              ? t('invites.list.expiredOn', { date: expires })
              : t('invites.list.expires', { date: expires });
            return (
              <tr key={row.id} className="align-top">
                <td className="py-3 pr-3">
                  <p className="break-words font-medium">
                    <BreakableEmail email={row.email} />
                    {row.expired ? <ExpiredBadge label={t('invites.list.expired')} /> : null}
                  </p>
                  {name ? <p className="text-zinc-700 dark:text-zinc-300">{name}</p> : null}
                  <p className={`text-xs @md:hidden ${muted}`}>{role}</p>
                  <p className={`text-xs @xl:hidden ${muted}`}>
                    {t('orgUsers.invitations.invitedByName', { inviter })}
                  </p>
                  <p className={`text-xs @4xl:hidden ${muted}`}>
                    {t('orgUsers.invitations.sentOn', { date: sent })}
                    {' · '}
                    {expiry}
                  </p>
                </td>
                <td className="hidden py-3 pr-3 @md:table-cell">{role}</td>
                <td className={cn('hidden break-words py-3 pr-3 @xl:table-cell', !row.inviter && muted)}>{inviter}</td>
                <td className={`hidden py-3 pr-3 whitespace-nowrap @4xl:table-cell ${muted}`}>{sent}</td>
                <td className={`hidden py-3 pr-3 whitespace-nowrap @4xl:table-cell ${muted}`}>{expires}</td>
                {anyButtons ? (
                  <td className="py-3 text-right">
                    {mayManageInvitation(rights, viewer.id, row) ? (
                      <div className="flex justify-end">
                        <InvitationButtons t={t} row={row} />
                      </div>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
