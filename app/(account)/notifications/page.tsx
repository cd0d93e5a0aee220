import type { Metadata } from 'next';

import { AppHeader } from '@/components/shell/app-header';
import { buttonClass } from '@/components/ui/button';
import { FlashNotice } from '@/components/ui/flash-notice';
import { Link } from '@/components/ui/link';
import { userPage } from '@/lib/auth/pages';
import { config } from '@/lib/config';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { decodeCursor, listNotifications, unreadCount } from '@/lib/notifications/activity';
import { safeNotificationUrl } from '@/lib/notifications/url';

import { markAllRead, markRead } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('activity.title') };
}

const PAGE = '/notifications';
const muted = 'muted';
const pageLink =
  'rounded-md px-3 py-1.5 text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Activity: the person's notifications, newest first, in pages of 20; the header's bell leads here. */
export default userPage<Props>(async function ActivityPage({ current, db, searchParams }) {
  const { user } = current;
  const t = await getT();
  const raw = (await searchParams)?.before;
  const before = decodeCursor(Array.isArray(raw) ? raw[0] : raw) ? (Array.isArray(raw) ? raw[0] : raw) : undefined;
  const [unread, page] = await Promise.all([unreadCount(db, user), listNotifications(db, user, { before })]);
  const back = before ? <input type="hidden" name="before" value={before} /> : null;

  return (
    <>
      <AppHeader current={current} unread={unread} />
      <main id="content" className="mx-auto max-w-[720px] px-4 py-6 md:py-10">
        <div className="mb-6 flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="page-title">{t('activity.title')}</h1>
            <p className={`mt-1 text-sm ${muted}`}>{t('activity.description')}</p>
          </div>
          {unread > 0 ? (
            <form action={markAllRead}>
              {back}
              <button type="submit" className={buttonClass('secondary')}>
                {t('activity.markAllRead')}
              </button>
            </form>
          ) : null}
        </div>
        <div className="mb-4 empty:hidden">
          <FlashNotice path={PAGE} />
        </div>
        {page.items.length ? (
          <ul
            aria-label={t('activity.listLabel')}
            className="divide-y divide-zinc-200 overflow-hidden rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
          >
            {page.items.map((item) => {
              const href = safeNotificationUrl(item.url, config.appUrl);
              const titleId = `notification-${item.id}`;
              const isUnread = item.readAt === null;
              return (
                <li
                  key={item.id}
                  data-unread={isUnread || undefined}
                  className={`flex flex-wrap items-start gap-3 px-4 py-3 ${isUnread ? 'bg-brand-50/70 dark:bg-zinc-800/60' : ''}`}
                >
                  <span
                    aria-hidden
                    className={`mt-1.5 size-2.5 shrink-0 rounded-full ${isUnread ? 'bg-brand-600 dark:bg-brand-500' : 'bg-transparent'}`}
                  />
                  <div className="min-w-0 flex-1 text-sm">
                    <p id={titleId} className={`break-words ${isUnread ? 'font-semibold' : 'font-medium'}`}>
                      {isUnread ? <span className="sr-only">{`${t('activity.unread')}: `}</span> : null}
                      {href ? (
                        <a
                          href={href}
                          className="text-brand-700 underline-offset-4 hover:underline dark:text-brand-100"
                          {...(href.startsWith('/') ? {} : { rel: 'noreferrer noopener' })}
                        >
                          {item.title}
                        </a>
                      ) : (
                        item.title
                      )}
                    </p>
                    {item.body ? <p className="mt-0.5 whitespace-pre-line break-words">{item.body}</p> : null}
                    <p className={`mt-1 text-xs ${muted}`}>
                      <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt, user)}</time>
                    </p>
                  </div>
                  {isUnread ? (
                    <form action={markRead} className="ml-auto">
                      <input type="hidden" name="notificationId" value={item.id} />
                      {back}
                      <button type="submit" className={buttonClass('ghost', 'text-xs')} aria-describedby={titleId}>
                        {t('activity.markRead')}
                      </button>
                    </form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className={`rounded-lg border border-dashed border-zinc-300 p-6 text-sm dark:border-zinc-700 ${muted}`}>
            {t('activity.empty')}
          </p>
        )}
        {before || page.older ? (
          <nav aria-label={t('activity.pages')} className="mt-4 flex items-center justify-between gap-3">
            {before ? (
              <Link href={PAGE} className={pageLink}>
                {t('activity.newest')}
              </Link>
            ) : (
              <span />
            )}
            {page.older ? (
              <Link href={`${PAGE}?before=${encodeURIComponent(page.older)}`} className={pageLink} rel="next">
                {t('activity.older')}
              </Link>
            ) : null}
          </nav>
        ) : null}
      </main>
    </>
  );
});
