import { type NextRequest } from 'next/server';

import { backPath, RETRY_AFTER_SECONDS, unavailablePage } from '@/lib/http/unavailable';
import { negotiateLocale } from '@/lib/i18n/config';
import { translatorFor } from '@/lib/i18n/server';

/**
 * Where pages go while the database is out of reach: 503 with Retry-After, in the browser's
 * language (the user's own setting is in the database), and a link back to the page.
 */
export function GET(request: NextRequest) {
  const locale = negotiateLocale(request.headers.get('accept-language'));
  const t = translatorFor(locale);
  const html = unavailablePage(
    { lang: locale, title: t('unavailable.title'), body: t('unavailable.body'), retry: t('unavailable.retry') },
    backPath(request.nextUrl.searchParams.get('from')),
  );
  return new Response(html, {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'retry-after': String(RETRY_AFTER_SECONDS),
    },
  });
}

/** A form posted without JavaScript is sent here with 307, which repeats the post: same answer. */
export const POST = GET;
