import { getT } from '@/lib/i18n/server';

/**
 * What a settings section shows while its page loads: the frame and navigation stay, the
 * content area says it is loading (announced politely) and sketches a heading and a card.
 */
export async function LoadingPanel() {
  const t = await getT();
  const bar = 'rounded bg-zinc-200 motion-safe:animate-pulse dark:bg-zinc-800';
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">{t('common.loading')}</span>
      <div aria-hidden className="space-y-2">
        <div className={`h-7 w-48 ${bar}`} />
        <div className={`h-4 w-80 max-w-full ${bar}`} />
      </div>
      <div aria-hidden className="space-y-4 rounded-lg border border-zinc-200 p-6 dark:border-zinc-800">
        <div className={`h-4 w-32 ${bar}`} />
        <div className={`h-9 w-full ${bar}`} />
        <div className={`h-4 w-40 ${bar}`} />
        <div className={`h-9 w-full ${bar}`} />
      </div>
    </div>
  );
}
