import type { ReactNode } from 'react';
import { SettingsFrame } from '@/components/shell/settings-frame';
import { TimeZonePrompt } from '@/components/shell/time-zone-prompt';
import { requireUser } from '@/lib/auth/current';
import { ACCOUNT_SECTIONS } from '@/lib/settings/sections';
import { getT } from '@/lib/i18n/server';

export default async function AccountSettingsLayout({ children }: { children: ReactNode }) {
  const current = await requireUser();
  const t = await getT();
  return (
    <SettingsFrame current={current} base="/settings" navLabel={t('menu.settingsNav')} sections={ACCOUNT_SECTIONS}>
      <TimeZonePrompt needed={!current.user.timeZone} />
      {children}
    </SettingsFrame>
  );
}
