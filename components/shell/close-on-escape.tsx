'use client';

import { useEffect, useRef } from 'react';

/**
 * Put inside a `<details>` menu: Escape closes it and gives the focus back to its summary, as a
 * menu button does. Without JavaScript the menu still opens and closes by its summary.
 */
export function CloseOnEscape() {
  const marker = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const details = marker.current?.closest('details');
    if (!details) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !details.open) return;
      details.open = false;
      details.querySelector('summary')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return <span ref={marker} hidden />;
}
