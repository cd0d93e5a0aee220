import type { ReactNode } from 'react';

const TONES = {
  success: 'border-green-200 bg-green-50 text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-200',
  error: 'border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200',
  info: 'border-zinc-200 bg-zinc-50 text-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200',
} as const;

/**
 * One line that says what happened: success and information are announced politely
 * (role=status), an error assertively (role=alert). Used by forms' results and by the message
 * after a redirect (`<FlashNotice>`).
 */
export function Notice({ tone = 'success', children }: { tone?: keyof typeof TONES; children: ReactNode }) {
  return (
    <p role={tone === 'error' ? 'alert' : 'status'} className={`rounded-md border px-3 py-2 text-sm ${TONES[tone]}`}>
      {children}
    </p>
  );
}
