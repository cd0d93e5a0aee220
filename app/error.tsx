'use client';

import { useTranslations } from 'use-intl';

/** Unexpected failures: a generic message and the reference to quote, never a stack trace. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errorPage');
  return (
    <main id="content" className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="max-w-md text-sm muted">{t('body')}</p>
      {error.digest ? <p className="font-mono text-xs">{t('reference', { digest: error.digest })}</p> : null}
      <button
        type="button"
        onClick={reset}
        className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white"
      >
        {t('retry')}
      </button>
    </main>
  );
}
