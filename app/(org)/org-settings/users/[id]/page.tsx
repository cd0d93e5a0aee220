import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';

import { Avatar } from '@/components/shell/avatar';
import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { Link } from '@/components/ui/link';
import { currentUserCan, getCurrentSession } from '@/lib/auth/current';
import { permissionPage, publicPage } from '@/lib/auth/pages';
import { imageUrl } from '@/lib/files/url';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { findPendingEmailChange } from '@/lib/org/email-change';
import { listVisibleGroupsOf } from '@/lib/org/groups';
import { assignableRoles, findOrgUser, mayManage } from '@/lib/org/user-admin';
import { countPasskeys } from '@/lib/passkeys/manage';
import { listTokens } from '@/lib/tokens/manage';

import { personName, StatusBadge, userPath } from '../users-table';
import { cancelPendingEmailChange, resendEmailChangeLink } from './actions';
import { removeUserPasskeys } from './passkey-actions';
import { UserTokensCard } from './tokens-card';
import { DeactivateForm, EmailForm, ReactivateForm, RoleForm } from './user-forms';

type Props = { params: Promise<{ id: string }> };

// Not gated: without the permission the title is the section's, and the page itself says 404.
export const generateMetadata = publicPage<Props, Metadata>({}, async ({ params, db }) => {
  const t = await getT();
  const current = await getCurrentSession();
  const { id } = await params;
  // The title names the person only for someone allowed to see them.
  const target = current && (await currentUserCan('users.read')) ? await findOrgUser(db, current.org.id, id) : null;
  return { title: target ? personName(target) : t('orgSections.users.title') };
});

const muted = 'muted';
const noteClass = `text-sm ${muted}`;

export default permissionPage<Props>('users.read', async function UserPage({ params, current, db }) {
  const { id } = await params;
  const target = await findOrgUser(db, current.org.id, id);
  if (!target) notFound();
  const [t, canManage, canSeeGroups] = await Promise.all([
    getT(),
    currentUserCan('users.manage'),
    currentUserCan('groups.manage'),
  ]);
  const viewer = current.user;
  // Group visibility holds here too: without groups.manage, Hidden groups and Private ones the
  // viewer is not in stay out of sight.
  const memberships = await listVisibleGroupsOf(db, {
    orgId: current.org.id,
    userId: target.id,
    viewerId: viewer.id,
    viewerManagesGroups: canSeeGroups,
  });
  const self = target.id === viewer.id;
  const editable = canManage && (await mayManage(db, viewer, target));
  const pendingEmail = editable ? await findPendingEmailChange(db, current.org.id, target.id) : null;
  // A person's API tokens: for someone who may manage them, like everything else they could revoke.
  const tokens = editable ? await listTokens(db, { orgId: current.org.id, userId: target.id }) : null;
  const passkeyCount = editable ? await countPasskeys(db, target.id) : null;
  const name = personName(target);
  const lockedNote = canManage ? t('orgUsers.user.outranked') : t('orgUsers.user.readOnly');

  const facts: Array<{ label: string; value: ReactNode }> = [
    {
      label: t('orgUsers.user.name'),
      value: `${target.firstName} ${target.lastName}`.trim() || t('orgUsers.user.none'),
    },
    { label: t('orgUsers.user.displayName'), value: target.displayName || t('orgUsers.user.none') },
    { label: t('orgUsers.user.username'), value: target.username || t('orgUsers.user.none') },
    { label: t('orgUsers.user.jobTitle'), value: target.jobTitle || t('orgUsers.user.none') },
    { label: t('orgUsers.user.phone'), value: target.phone || t('orgUsers.user.none') },
    { label: t('orgUsers.user.userId'), value: <span className="font-mono text-xs sm:text-sm">{target.id}</span> },
    { label: t('orgUsers.user.mfa'), value: target.mfaEnabled ? t('common.on') : t('common.off') },
    { label: t('orgUsers.user.created'), value: formatDateTime(target.createdAt, viewer) },
    { label: t('orgUsers.user.updated'), value: formatDateTime(target.updatedAt, viewer) },
  ];
  if (target.deactivatedAt)
    facts.push({ label: t('orgUsers.user.deactivatedAt'), value: formatDateTime(target.deactivatedAt, viewer) });

  return (
    <>
      <Link
        href="/org-settings/users"
        className="mb-4 inline-block text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
      >
        <span aria-hidden>← </span>
        {t('orgUsers.user.back')}
      </Link>
      <PageHeading title={name} description={target.email} />
      <div className="space-y-6">
        <FlashNotice path={userPath(id)} />

        <Card title={t('orgUsers.user.profile')} id="profile" description={t('orgUsers.user.profileDescription')}>
          <div className="mb-4 flex flex-wrap items-center gap-4">
            <Avatar
              id={target.id}
              firstName={target.firstName}
              lastName={target.lastName}
              email={target.email}
              photoUrl={imageUrl(target.photoFileId, 64)}
              size={64}
            />
            <div className="min-w-0 text-sm">
              <p className="font-medium">{t(`roles.${target.role}.label`)}</p>
              <p className="mt-1">
                <StatusBadge status={target.status} label={t(`orgUsers.status.${target.status}`)} />
              </p>
              {self ? <p className={`mt-1 ${muted}`}>{t('orgUsers.user.thisIsYou')}</p> : null}
            </div>
          </div>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            {facts.map((f) => (
              <div key={f.label} className="min-w-0">
                <dt className={muted}>{f.label}</dt>
                <dd className="break-words">{f.value}</dd>
              </div>
            ))}
          </dl>
        </Card>

        {/* No id: a section labelled "Email" would make the field's label ambiguous. */}
        <Card title={t('orgUsers.email.title')} description={t('orgUsers.email.description')}>
          {editable ? (
            <>
              {pendingEmail ? (
                <div id="pending-email" className="mb-4 space-y-2">
                  <p className={noteClass}>
                    {t('orgUsers.email.pending', {
                      email: pendingEmail.newEmail,
                      until: formatDateTime(pendingEmail.expiresAt, viewer),
                    })}
                  </p>
                  <div className="flex flex-wrap gap-2">
                    {(
                      [
                        [resendEmailChangeLink, 'resend', 'resendLabel'],
                        [cancelPendingEmailChange, 'cancel', 'cancelLabel'],
                      ] as const
                    ).map(([action, text, label]) => (
                      <form key={text} action={action}>
                        <input type="hidden" name="userId" value={target.id} />
                        <button
                          type="submit"
                          className={buttonClass('secondary')}
                          aria-label={t(`orgUsers.email.${label}`, { email: pendingEmail.newEmail })}
                        >
                          {t(`orgUsers.email.${text}`)}
                        </button>
                      </form>
                    ))}
                  </div>
                </div>
              ) : null}
              <EmailForm userId={target.id} email={target.email} />
            </>
          ) : (
            <>
              <p className="mb-2 break-all text-sm font-medium">{target.email}</p>
              <p className={noteClass}>{lockedNote}</p>
            </>
          )}
        </Card>

        <Card title={t('orgUsers.role.title')} description={t('orgUsers.role.description')}>
          {editable ? (
            <RoleForm userId={target.id} role={target.role} assignable={assignableRoles(viewer)} />
          ) : (
            <>
              <p className="mb-2 text-sm font-medium">{t(`roles.${target.role}.label`)}</p>
              <p className={noteClass}>{lockedNote}</p>
            </>
          )}
        </Card>

        <Card title={t('orgUsers.groups.title')} id="groups" description={t('orgUsers.groups.description')}>
          {memberships.length ? (
            <ul
              aria-label={t('orgUsers.groups.label')}
              className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800"
            >
              {memberships.map((g) => (
                <li key={g.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  {canSeeGroups ? (
                    <Link
                      href={`/org-settings/groups/${g.id}`}
                      className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
                    >
                      {g.name}
                    </Link>
                  ) : (
                    <span className="font-medium">{g.name}</span>
                  )}
                  <span className={`text-xs ${muted}`}>
                    {t(`groups.types.${g.type}`)} · {t(`groups.visibilities.${g.visibility}`)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className={noteClass}>{t('orgUsers.groups.none')}</p>
          )}
        </Card>

        {tokens ? <UserTokensCard userId={target.id} tokens={tokens} viewer={viewer} /> : null}

        {passkeyCount !== null ? (
          <Card title={t('passkeys.title')} id="passkeys">
            <div className="mb-4 empty:hidden">
              <FlashNotice path={`/org-settings/users/${target.id}`} keys={['passkeys.removedAll']} />
            </div>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="text-sm">{t('passkeys.count', { count: passkeyCount })}</p>
              {passkeyCount > 0 ? (
                <form action={removeUserPasskeys}>
                  <input type="hidden" name="userId" value={target.id} />
                  <button type="submit" className={buttonClass('secondary')}>
                    {t('passkeys.removeAll')}
                  </button>
                </form>
              ) : null}
            </div>
          </Card>
        ) : null}

        {target.status === 'deactivated' ? (
          <Card
            title={t('orgUsers.reactivate.title')}
            id="reactivate"
            description={t('orgUsers.reactivate.description', { date: formatDateTime(target.deactivatedAt, viewer) })}
          >
            {editable ? <ReactivateForm userId={target.id} /> : <p className={noteClass}>{lockedNote}</p>}
          </Card>
        ) : (
          <Card
            title={t('orgUsers.deactivate.title')}
            id="deactivate"
            description={t('orgUsers.deactivate.description')}
          >
            {self ? (
              <p className={noteClass}>{t('orgUsers.deactivate.self')}</p>
            ) : editable ? (
              <DeactivateForm userId={target.id} name={name} />
            ) : (
              <p className={noteClass}>{lockedNote}</p>
            )}
          </Card>
        )}
      </div>
    </>
  );
});
