import { type NextRequest } from 'next/server';

import { negotiateLocale } from '@/lib/i18n/config';
import { translatorFor } from '@/lib/i18n/server';

import { offlinePage } from './offline-page';

/**
 * The page the service worker keeps for when the network is gone (public/sw.js fetches it when it
 * installs). In the browser's language: it is signed-out and reads no database.
 */
export function GET(request: NextRequest) {
  const locale = negotiateLocale(request.headers.get('accept-language'));
  const t = translatorFor(locale);
  const html = offlinePage({
    lang: locale,
    title: t('installApp.offline.title'),
    body: t('installApp.offline.body'),
    retry: t('installApp.offline.retry'),
  });
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      vary: 'accept-language',
    },
  });
}
