'use client';

import { useActionState, useState, useSyncExternalStore } from 'react';
import { useTranslations } from 'use-intl';

import { acceptDetectedTimeZone } from '@/app/(account)/settings/regional/actions';
import { Button } from '@/components/ui/button';
import { idle } from '@/lib/actions/result';

/** Holds the zone that was dismissed: travelling to another zone asks again. */
const DISMISSED_KEY = 'roster.timeZonePrompt.dismissed';
const DISMISSED_EVENT = 'roster:time-zone-prompt-dismissed';

const subscribeNothing = () => () => {};

function browserZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

// Storage can be off (private modes, policies); then the prompt simply comes back next time.
function readDismissed(): string | null {
  try {
    return window.localStorage.getItem(DISMISSED_KEY);
  } catch {
    return null;
  }
}

function subscribeDismissed(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(DISMISSED_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(DISMISSED_EVENT, onChange);
  };
}

const boxClass = 'mb-6 flex flex-wrap items-center gap-x-4 gap-y-3 rounded-lg border px-4 py-3 text-sm';

/**
 * Offers the browser's zone to a user who has none yet. Needs JavaScript to know the zone, so
 * the server HTML holds nothing; the regional page explains that UTC is used meanwhile.
 */
export function TimeZonePrompt({ needed }: { needed: boolean }) {
  const t = useTranslations('regional.prompt');
  const zone = useSyncExternalStore(subscribeNothing, browserZone, () => null);
  const dismissed = useSyncExternalStore(subscribeDismissed, readDismissed, () => null);
  const [state, formAction, pending] = useActionState(acceptDetectedTimeZone, idle);
  const [closed, setClosed] = useState(false);

  if (state.status === 'success') {
    if (closed) return null;
    return (
      <div
        className={`${boxClass} border-green-200 bg-green-50 text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-200`}
      >
        <p role="status" className="min-w-56 flex-1">
          {state.message}
        </p>
        <Button type="button" variant="ghost" onClick={() => setClosed(true)}>
          {t('close')}
        </Button>
      </div>
    );
  }
  if (closed || !needed || !zone || dismissed === zone) return null;

  const dismiss = () => {
    try {
      window.localStorage.setItem(DISMISSED_KEY, zone);
    } catch {
      setClosed(true);
    }
    window.dispatchEvent(new Event(DISMISSED_EVENT));
  };
  return (
    <div
      className={`${boxClass} border-brand-100 bg-brand-50 text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      <p className="min-w-56 flex-1">{t('question', { zone })}</p>
      {state.status === 'error' ? (
        <p role="alert" className="w-full text-red-800 dark:text-red-300">
          {state.message}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <form action={formAction}>
          <input type="hidden" name="timeZone" value={zone} />
          <Button type="submit" pending={pending}>
            {t('accept')}
          </Button>
        </form>
        <Button type="button" variant="ghost" onClick={dismiss}>
          {t('dismiss')}
        </Button>
      </div>
    </div>
  );
}
