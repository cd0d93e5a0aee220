'use client';

import { useEffect, useRef, type ReactNode } from 'react';

import type { ActionState } from '@/lib/actions/result';

const TONES = {
  success: 'border-green-200 bg-green-50 text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-200',
  error: 'border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200',
  info: 'border-zinc-200 bg-zinc-50 text-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200',
} as const;

export type StatusTone = keyof typeof TONES;

/** The first field the server marked invalid in the form around `element`, if any. */
function firstInvalidField(element: HTMLElement): HTMLElement | null {
  return element.closest('form')?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? null;
}

/**
 * What a submit did, where the eye is: the answer to a form or to the redirect after it. It takes
 * the focus, which also scrolls it into view. Without JavaScript the browser does that itself from
 * `autofocus` in the page the post answered with; with JavaScript, the effect does it each time a
 * new answer arrives (`answer` changes), and gives the focus to the first invalid field instead
 * when the server marked fields. Success and information are announced politely (role=status),
 * failure assertively (role=alert).
 */
export function StatusMessage({
  tone,
  answer,
  preferInvalidField = false,
  children,
}: {
  tone: StatusTone;
  /** A value that changes with every new answer (the action's state, the flash's id). */
  answer: unknown;
  preferInvalidField?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const target = (preferInvalidField && firstInvalidField(element)) || element;
    target.focus();
  }, [answer, preferInvalidField]);
  return (
    <p
      ref={ref}
      role={tone === 'error' ? 'alert' : 'status'}
      tabIndex={-1}
      // Rendered into the server's HTML only (React sets no autofocus attribute in the browser):
      // the page a form post without JavaScript answers with opens at its message.
      autoFocus
      className={`rounded-md border px-3 py-2 text-sm ${TONES[tone]}`}
    >
      {children}
    </p>
  );
}

/** The answer of a form's action, next to the form; see StatusMessage for where the focus goes. */
export function FormStatus({ state }: { state: ActionState | undefined }) {
  if (!state?.message || state.status === 'idle') return null;
  const tone = state.status === 'success' ? 'success' : 'error';
  const fieldErrors = Object.values(state.fieldErrors ?? {}).some((errors) => errors?.length);
  return (
    <StatusMessage tone={tone} answer={state} preferInvalidField={fieldErrors}>
      {state.message}
    </StatusMessage>
  );
}
