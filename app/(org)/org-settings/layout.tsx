import type { ReactNode } from 'react';

import { SettingsFrame } from '@/components/shell/settings-frame';
import { getCurrentPermissions } from '@/lib/auth/current';
import { orgAreaPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { unreadCount } from '@/lib/notifications/activity';
import { visibleOrgSections } from '@/lib/settings/org-nav';

export default orgAreaPage<{ children: ReactNode }>(async function OrgSettingsLayout({ children, current, db }) {
  const t = await getT();
  const sections = visibleOrgSections(current, await getCurrentPermissions());
  return (
    <SettingsFrame
      current={current}
      base="/org-settings"
      navLabel={t('menu.orgSettingsNav')}
      sections={sections}
      unread={await unreadCount(db, current.user)}
    >
      {children}
    </SettingsFrame>
  );
});
