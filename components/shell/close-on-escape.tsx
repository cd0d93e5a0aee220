'use client';

import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';

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

const subscribeNothing = () => () => {};

/**
 * The profile menu's status: without JavaScript a heading with the three statuses below it, each
 * a form of its own; with JavaScript a button naming the current status that shows and hides
 * them. Choosing one closes the list, gives the focus back to the button and says the new status.
 */
export function StatusDisclosure({
  label,
  dotClass,
  listId,
  children,
}: {
  /** "Status: Online". */
  label: string;
  dotClass: string;
  listId: string;
  children: ReactNode;
}) {
  const enhanced = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const [open, setOpen] = useState(false);
  const [shownLabel, setShownLabel] = useState(label);
  const [announced, setAnnounced] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  // The server sends the new label once the switch is saved: read it out.
  if (shownLabel !== label) {
    setShownLabel(label);
    setAnnounced(label);
  }
  const dot = <span aria-hidden className={`status-dot ${dotClass}`} />;
  if (!enhanced) {
    return (
      <div>
        <p className="flex items-center gap-2 px-3 pt-2 pb-1 text-xs font-medium muted">
          {dot}
          {label}
        </p>
        <div id={listId}>{children}</div>
      </div>
    );
  }
  return (
    <div
      onSubmit={() => {
        setOpen(false);
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        className="menu-item flex items-center gap-2"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        {dot}
        <span className="flex-1">{label}</span>
        <span aria-hidden className={`text-xs transition-transform ${open ? 'rotate-180' : ''}`}>
          ▾
        </span>
      </button>
      <div id={listId} hidden={!open} className="pl-3">
        {children}
      </div>
      <span role="status" className="sr-only">
        {announced}
      </span>
    </div>
  );
}
