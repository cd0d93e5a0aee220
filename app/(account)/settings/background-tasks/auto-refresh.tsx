'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * While a task is unfinished, the page asks the server for its current state every two seconds.
 * Without JavaScript the page's `<noscript>` meta refresh does the same; this replaces it.
 */
export function AutoRefresh({ everyMs = 2000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      // A hidden tab waits; the next tick after it is shown catches up.
      if (document.visibilityState === 'visible') router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
