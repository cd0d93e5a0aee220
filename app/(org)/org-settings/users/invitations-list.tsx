import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { invitations, users } from '@/db/schema';
import { Card } from '@/components/ui/card';
import { buttonClass } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { getCurrentSession } from '@/lib/auth/current';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { getInviteRights } from '@/lib/org/invite';
import { resendInvitation, revokeInvitation } from './invitation-actions';
import { readInviteNotice } from './new/flash';

const SHOWN = 50;

/**
 * Invitations not yet accepted or revoked, newest first; an expired one stays listed (marked
 * expired) until it is resent or revoked. Renders nothing for anyone outside `orgId`.
 */
export async function PendingInvitations({ orgId }: { orgId: string }) {
  const current = await getCurrentSession();
  if (!current || current.org.id !== orgId) return null;
  const db = await getDb();
  const t = await getT();
  const pending = and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt));
  const [rights, notice, rows, [{ total }]] = await Promise.all([
    getInviteRights(db, current.user, current.org.invitePolicy),
    readInviteNotice(),
    db
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        firstName: invitations.firstName,
        lastName: invitations.lastName,
        expiresAt: invitations.expiresAt,
        expired: sql<boolean>`${invitations.expiresAt} <= now()`,
        invitedByUserId: invitations.invitedByUserId,
        inviterFirst: users.firstName,
        inviterLast: users.lastName,
        inviterDisplay: users.displayName,
        inviterEmail: users.email,
      })
      .from(invitations)
      .leftJoin(users, and(eq(users.id, invitations.invitedByUserId), eq(users.orgId, orgId)))
      .where(pending)
      .orderBy(desc(invitations.createdAt))
      .limit(SHOWN),
    db.select({ total: count() }).from(invitations).where(pending),
  ]);
  const mayManage = (row: (typeof rows)[number]) =>
    !!rights && rights.roles.includes(row.role) && (rights.anyInvitation || row.invitedByUserId === current.user.id);

  return (
    <Card title={t('invites.list.title')} id="pending-invitations" description={t('invites.list.description')}>
      {notice ? (
        <div className="mb-4">
          <FormStatus state={{ status: notice.status, message: t(notice.key, { email: notice.email ?? '' }) }} />
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('invites.list.empty')}</p>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((row) => {
            const { expired } = row;
            const name = `${row.firstName} ${row.lastName}`.trim();
            const inviter =
              row.inviterEmail === null
                ? t('invites.list.unknownInviter')
                : row.inviterDisplay?.trim() || `${row.inviterFirst ?? ''} ${row.inviterLast ?? ''}`.trim() || row.inviterEmail;
            const when = formatDateTime(row.expiresAt, current.user);
            return (
              <li key={row.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0 text-sm">
                  <p className="break-all font-medium">
                    {row.email}
                    {expired ? (
                      <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
                        {t('invites.list.expired')}
                      </span>
                    ) : null}
                  </p>
                  {name ? <p className="text-zinc-700 dark:text-zinc-300">{name}</p> : null}
                  <p className="text-zinc-600 dark:text-zinc-400">
                    {t('invites.list.meta', { role: t(`roles.${row.role}.label`), inviter })}
                    {' · '}
                    {expired ? t('invites.list.expiredOn', { date: when }) : t('invites.list.expires', { date: when })}
                  </p>
                </div>
                {mayManage(row) ? (
                  <div className="flex gap-2">
                    <form action={resendInvitation}>
                      <input type="hidden" name="invitationId" value={row.id} />
                      <button type="submit" className={buttonClass('secondary')} aria-label={t('invites.list.resendLabel', { email: row.email })}>
                        {t('invites.list.resend')}
                      </button>
                    </form>
                    <form action={revokeInvitation}>
                      <input type="hidden" name="invitationId" value={row.id} />
                      <button type="submit" className={buttonClass('ghost')} aria-label={t('invites.list.revokeLabel', { email: row.email })}>
                        {t('invites.list.revoke')}
                      </button>
                    </form>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {total > rows.length ? <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">{t('invites.list.more', { shown: rows.length, total })}</p> : null}
    </Card>
  );
}
