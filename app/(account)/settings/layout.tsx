import type { ReactNode } from 'react';

import { SettingsFrame } from '@/components/shell/settings-frame';
import { getCurrentPermissions } from '@/lib/auth/current';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { unreadCount } from '@/lib/notifications/activity';
import { mayOpenOrgSettings } from '@/lib/settings/org-nav';
import { ACCOUNT_SECTIONS } from '@/lib/settings/sections';

export default userPage<{ children: ReactNode }>(async function AccountSettingsLayout({ children, current, db }) {
  const t = await getT();
  // Admins find the organization's settings where they find their own, not only in the menu.
  const area = mayOpenOrgSettings(current, await getCurrentPermissions())
    ? { href: '/org-settings', title: t('menu.orgSettingsNav') }
    : undefined;
  return (
    <SettingsFrame
      current={current}
      base="/settings"
      navLabel={t('menu.settingsNav')}
      sections={ACCOUNT_SECTIONS}
      area={area}
      unread={await unreadCount(db, current.user)}
    >
      {children}
    </SettingsFrame>
  );
});
