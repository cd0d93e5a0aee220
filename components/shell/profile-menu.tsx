import { getCurrentPermissions, type CurrentUser } from '@/lib/auth/current';
import { AVAILABILITY_OPTIONS } from '@/lib/availability/status';
import { config } from '@/lib/config';
import { imageUrl } from '@/lib/files/url';
import { getT } from '@/lib/i18n/server';
import { mayOpenOrgSettings } from '@/lib/settings/org-nav';

import { ProfileMenuView } from './profile-menu-view';

export function displayNameOf(user: CurrentUser['user']): string {
  return user.displayName || `${user.firstName} ${user.lastName}`.trim() || user.email;
}

/** The profile menu in the header: the signed-in person, their status switch and the way out. */
export async function ProfileMenu({ current }: { current: CurrentUser }) {
  const t = await getT();
  const { user } = current;
  const permissions = await getCurrentPermissions();
  const options = Object.fromEntries(
    AVAILABILITY_OPTIONS.map((option) => [option, t(`availability.options.${option}`)]),
  ) as Record<(typeof AVAILABILITY_OPTIONS)[number], string>;
  return (
    <ProfileMenuView
      person={{
        id: user.id,
        firstName: user.firstName,
        lastName: user.lastName,
        email: user.email,
        displayName: displayNameOf(user),
        availability: user.availability,
        photoUrl: imageUrl(user.photoFileId, 40),
      }}
      labels={{
        open: t('menu.open'),
        changePhoto: t('menu.changePhoto'),
        statuses: t('menu.statuses'),
        status: t('availability.statusLabel', { status: options[user.availability] ?? options.offline }),
        options,
        settings: t('menu.settings'),
        orgSettings: t('menu.orgSettings'),
        help: t('menu.help'),
        techSupport: t('menu.techSupport'),
        signOut: t('menu.signOut'),
      }}
      showOrgSettings={mayOpenOrgSettings(current, permissions)}
      supportUrl={config.supportUrl ?? null}
    />
  );
}
