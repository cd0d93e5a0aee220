import type { ReactNode } from 'react';

import { ClientMessages } from '@/components/client-messages';
import { SettingsFrame } from '@/components/shell/settings-frame';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { ACCOUNT_SECTIONS } from '@/lib/settings/sections';

import { TimeZonePrompt } from './time-zone-prompt';

export default userPage<{ children: ReactNode }>(async function AccountSettingsLayout({ children, current }) {
  const t = await getT();
  return (
    <SettingsFrame current={current} base="/settings" navLabel={t('menu.settingsNav')} sections={ACCOUNT_SECTIONS}>
      {/* Its messages travel only while it can show. */}
      {current.user.timeZone ? null : (
        <ClientMessages scope="account">
          <TimeZonePrompt needed />
        </ClientMessages>
      )}
      {children}
    </SettingsFrame>
  );
});
