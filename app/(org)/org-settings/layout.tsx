import type { ReactNode } from 'react';

import { AreaI18n } from '@/components/area-i18n';
import { SettingsFrame } from '@/components/shell/settings-frame';
import { getCurrentPermissions, requireOrgAccess } from '@/lib/auth/current';
import { getT } from '@/lib/i18n/server';
import { visibleOrgSections } from '@/lib/settings/org-nav';

export default async function OrgSettingsLayout({ children }: { children: ReactNode }) {
  const current = await requireOrgAccess();
  const t = await getT();
  const sections = visibleOrgSections(current, await getCurrentPermissions());
  return (
    <AreaI18n area="org">
      <SettingsFrame current={current} base="/org-settings" navLabel={t('menu.orgSettingsNav')} sections={sections}>
        {children}
      </SettingsFrame>
    </AreaI18n>
  );
}
