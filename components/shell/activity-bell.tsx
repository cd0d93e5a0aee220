'use client';

import { useEffect, useRef, useState } from 'react';

import { Link } from '@/components/ui/link';
import { unreadBadge } from '@/lib/notifications/badge';

const REFRESH_MS = 60_000;

/**
 * The header's bell: a link to the activity page with the unread count the server rendered. With
 * JavaScript it asks `/notifications/unread` again every minute and whenever the window gets the
 * focus back, so a notification that arrives while a page is open shows without a reload.
 */
export function ActivityBell({
  count: rendered,
  label,
  labelUnread,
}: {
  count: number;
  /** The accessible name with nothing unread ("Activity"). */
  label: string;
  /** The accessible name with a count, `{count}` standing for it ("Activity, {count} unread"). */
  labelUnread: string;
}) {
  // A newer count from the server's render wins over one fetched for an older render.
  const [fetched, setFetched] = useState<{ rendered: number; count: number } | null>(null);
  const renderedRef = useRef(rendered);
  useEffect(() => {
    renderedRef.current = rendered;
  }, [rendered]);

  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    // Asked again while a request is out: that answer may predate what prompted the asking.
    let again = false;
    async function refresh() {
      if (document.visibilityState === 'hidden') return;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        const response = await fetch('/notifications/unread', {
          cache: 'no-store',
          headers: { accept: 'application/json' },
        });
        if (!response.ok || !response.headers.get('content-type')?.includes('application/json')) return;
        const body: unknown = await response.json();
        const count = (body as { count?: unknown })?.count;
        if (!stopped && typeof count === 'number') setFetched({ rendered: renderedRef.current, count });
      } catch {
        // Offline or signed out: the last count stays until the next try.
      } finally {
        inFlight = false;
        if (again && !stopped) {
          again = false;
          void refresh();
        }
      }
    }
    const timer = window.setInterval(refresh, REFRESH_MS);
    window.addEventListener('focus', refresh);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, []);

  const count = fetched && fetched.rendered === rendered ? fetched.count : rendered;
  const badge = unreadBadge(count);
  return (
    <Link
      href="/notifications"
      aria-label={badge ? labelUnread.replace('{count}', badge) : label}
      data-unread={count}
      className="icon-button"
    >
      <svg
        aria-hidden
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="size-5"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {badge ? (
        <span
          aria-hidden
          className="absolute right-0.5 top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-5 text-white"
        >
          {badge}
        </span>
      ) : null}
    </Link>
  );
}
