import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';

import { I18nProvider } from '@/components/i18n-provider';
import { ServiceWorker } from '@/components/pwa/service-worker';
import { getSessionIfReachable } from '@/lib/auth/current';
import { clientMessagesFor } from '@/lib/i18n/client-messages';
import { getRequestIntl, getT } from '@/lib/i18n/server';

import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Roster', template: '%s · Roster' },
  description: 'Account settings and organization administration.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/** Language, theme and motion come from the user's settings, so the first HTML byte is right. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  const current = await getSessionIfReachable();
  const { locale, timeZone } = await getRequestIntl();
  const t = await getT();
  const theme = current?.user.theme ?? 'system';
  const motion = current?.user.animations == null ? 'system' : current.user.animations ? 'on' : 'off';
  return (
    <html lang={locale} className={`theme-${theme} motion-${motion}`}>
      <body className="min-h-dvh">
        <a href="#content" className="skip-link">
          {t('common.skipToContent')}
        </a>
        <I18nProvider locale={locale} timeZone={timeZone} messages={clientMessagesFor(locale, 'shell')}>
          {children}
        </I18nProvider>
        <ServiceWorker />
      </body>
    </html>
  );
}
