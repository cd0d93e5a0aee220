import type { ReactNode } from 'react';

import { I18nProvider } from '@/components/i18n-provider';
import { clientMessagesFor, type ClientScope } from '@/lib/i18n/client-messages';
import { getRequestIntl } from '@/lib/i18n/server';

/** The browser's messages for one part of the app (see lib/i18n/client-messages.ts). */
export async function ClientMessages({ scope, children }: { scope: ClientScope; children: ReactNode }) {
  const { locale, timeZone } = await getRequestIntl();
  return (
    <I18nProvider locale={locale} timeZone={timeZone} messages={clientMessagesFor(locale, scope)}>
      {children}
    </I18nProvider>
  );
}

/** A section's `layout.tsx`: its pages get the section's messages. */
export function sectionMessages(scope: ClientScope) {
  return function SectionMessages({ children }: { children: ReactNode }) {
    return <ClientMessages scope={scope}>{children}</ClientMessages>;
  };
}
