'use client';

import type { ActionState } from '@/lib/actions/result';

/** Success is announced politely (role=status), failure assertively (role=alert). */
export function FormStatus({ state }: { state: ActionState | undefined }) {
  if (!state?.message || state.status === 'idle') return null;
  if (state.status === 'success') {
    return (
      <p
        role="status"
        className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-200"
      >
        {state.message}
      </p>
    );
  }
  return (
    <p
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      {state.message}
    </p>
  );
}
