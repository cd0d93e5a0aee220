import type { ReactNode } from 'react';

import { I18nProvider } from '@/components/i18n-provider';
import { clientMessagesFor, type ClientArea } from '@/lib/i18n/client-messages';
import { getRequestIntl } from '@/lib/i18n/server';

/** The browser's messages for one area of the app (see lib/i18n/client-messages.ts). */
export async function AreaI18n({ area, children }: { area: ClientArea; children: ReactNode }) {
  const { locale, timeZone } = await getRequestIntl();
  return (
    <I18nProvider locale={locale} timeZone={timeZone} messages={clientMessagesFor(locale, area)}>
      {children}
    </I18nProvider>
  );
}
