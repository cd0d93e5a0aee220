'use client';

import type { ReactNode } from 'react';
import { IntlProvider } from 'use-intl';

import type { Locale } from '@/lib/i18n/config';
import type { Messages } from '@/lib/i18n/messages';

/** Hands the request's language, zone and messages to client components. */
export function I18nProvider({
  locale,
  timeZone,
  messages,
  children,
}: {
  locale: Locale;
  timeZone: string;
  messages: Messages;
  children?: ReactNode;
}) {
  return (
    <IntlProvider locale={locale} timeZone={timeZone} messages={messages} now={undefined}>
      {children}
    </IntlProvider>
  );
}
