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

  const readOnly: Array<{ label: string; value: ReactNode; hint?: string }> = [
    { label: t('profile.email'), value: user.email, hint: t('profile.emailHint') },
    { label: t('profile.userId'), value: <span className="font-mono text-xs sm:text-sm">{user.id}</span> },
    {
      label: t('profile.role'),
      value: (
        <>
          <span className="font-medium">{t(`roles.${user.role}.label`)}</span>
          <span className="block muted">{t(`roles.${user.role}.description`)}</span>
          {heldRoles.length ? (
            <span className="mt-2 block">
              <span className="muted">{t('profile.moreRoles')}</span>
              <ul className="mt-1 space-y-1">
                {heldRoles.map((r) => (
                  <li key={`${r.roleId}:${r.group?.id ?? ''}`}>
                    <span className="font-medium">{r.roleName}</span>
                    {r.group ? (
                      <span className="muted"> ({t('profile.viaGroup', { group: r.group.name })})</span>
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
      label: t('profile.twoFactor'),
      value: (
        <>
          {user.mfaEnabled ? t('profile.twoFactorOn') : t('profile.twoFactorOff')}{' '}
          <Link href="/settings/security#two-factor" className="ml-2 inline-link">
            {t('profile.manageSecurity')}
          </Link>
        </>
      ),
    },
    { label: t('profile.created'), value: formatDateTime(user.createdAt, user) },
    { label: t('profile.updated'), value: formatDateTime(user.updatedAt, user) },
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

        <Card title={t('profile.account')} id="account" description={t('profile.accountDescription')}>
          <dl className="facts">
            {readOnly.map(({ label, value, hint }) => (
              <div key={label}>
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
