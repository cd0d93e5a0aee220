import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { ClientMessages } from '@/components/client-messages';
import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { loadCustomRoleGrants } from '@/lib/auth/authorize';
import { userPage } from '@/lib/auth/pages';
import { formatDateTime } from '@/lib/format';
import { DEFAULT_LOCALE, isLocale } from '@/lib/i18n/config';
import { getT } from '@/lib/i18n/server';
import { latestBirthDate } from '@/lib/profile/date-of-birth';
import { profileFormValues } from '@/lib/profile/form-values';
import { defaultPhoneRegion } from '@/lib/profile/phone';

import { TimeZonePrompt } from '../time-zone-prompt';
import { MyGroups } from './my-groups';
import { PhotoCard } from './photo-card';
import { ProfileForm } from './profile-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.profile.title') };
}

function regionName(locale: string, region: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(region) ?? region;
  } catch {
    return region;
  }
}

export default userPage<{ searchParams: Promise<{ tooLarge?: string }> }>(async function ProfilePage({
  searchParams,
  current,
  db,
}) {
  const { user } = current;
  const [{ tooLarge }, t, grants] = await Promise.all([searchParams, getT(), loadCustomRoleGrants(db, user)]);
  const heldRoles = grants.sort(
    (a, b) => a.roleName.localeCompare(b.roleName) || (a.group?.name ?? '').localeCompare(b.group?.name ?? ''),
  );
  const locale = isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
  const region = defaultPhoneRegion(locale);
  const initial = profileFormValues(user);

  const readOnly: Array<{ key: string; label: string; value: ReactNode; hint?: string }> = [
    { key: 'email', label: t('profileAccount.email'), value: user.email, hint: t('profileAccount.emailHint') },
    {
      key: 'userId',
      label: t('profileAccount.userId'),
      value: <span className="font-mono text-xs sm:text-sm">{user.id}</span>,
    },
    {
      key: 'role',
      label: t('profileAccount.role'),
      value: (
        <>
          <span className="font-medium">{t(`roles.${user.role}.label`)}</span>
          <span className="block muted">{t(`roles.${user.role}.description`)}</span>
          {heldRoles.length ? (
            <span className="mt-2 block">
              <span className="muted">{t('profileAccount.moreRoles')}</span>
              <ul className="mt-1 space-y-1">
                {heldRoles.map((r) => (
                  <li key={`${r.roleId}:${r.group?.id ?? ''}`}>
                    <span className="font-medium">{r.roleName}</span>
                    {r.group ? (
                      <span className="muted"> ({t('profileAccount.viaGroup', { group: r.group.name })})</span>
                    ) : null}
                    {r.roleDescription ? <span className="block muted">{r.roleDescription}</span> : null}
                  </li>
                ))}
              </ul>
            </span>
          ) : null}
        </>
      ),
    },
    {
      key: 'twoFactor',
      label: t('profileAccount.twoFactor'),
      value: (
        <>
          {user.mfaEnabled ? t('profileAccount.twoFactorOn') : t('profileAccount.twoFactorOff')}{' '}
          <Link href="/settings/security#two-factor" className="ml-2 inline-link">
            {t('profileAccount.manageSecurity')}
          </Link>
        </>
      ),
    },
    { key: 'created', label: t('profileAccount.created'), value: formatDateTime(user.createdAt, user) },
    { key: 'updated', label: t('profileAccount.updated'), value: formatDateTime(user.updatedAt, user) },
  ];

  return (
    <>
      <PageHeading title={t('sections.profile.title')} description={t('sections.profile.description')} />
      {/* Once, below the title of the page people land on after signing in; its messages travel
          only while it can show. */}
      {user.timeZone ? null : (
        <ClientMessages scope="account">
          <TimeZonePrompt needed />
        </ClientMessages>
      )}
      <div className="space-y-6">
        <PhotoCard
          userId={user.id}
          firstName={user.firstName}
          lastName={user.lastName}
          email={user.email}
          photoFileId={user.photoFileId}
          tooLarge={tooLarge === '1'}
        />

        <ProfileForm initial={initial} regionName={regionName(locale, region)} maxBirthDate={latestBirthDate()} />

        <Card title={t('profileAccount.account')} id="account" description={t('profileAccount.accountDescription')}>
          <dl className="facts">
            {readOnly.map(({ key, label, value, hint }) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd>
                  {value}
                  {hint ? <span className="mt-0.5 block text-xs muted">{hint}</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        </Card>

        <MyGroups userId={user.id} orgId={user.orgId} />
      </div>
    </>
  );
});
