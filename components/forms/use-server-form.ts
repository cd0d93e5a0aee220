'use client';

import { startTransition, useActionState, type FormEvent } from 'react';

import { idle, type ActionState } from '@/lib/actions/result';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A short form that only the server can judge, such as a sign-in (the password is checked
 * there): no form library and no schema in the browser, so the page ships neither. It posts
 * without JavaScript like every form; with JavaScript it posts in place, keeps what was typed, and
 * shows the server's answer next to each field. The inputs carry their HTML constraints
 * (`required`, `maxLength`, `type="email"`) for the browser's own hints.
 */
export function useServerForm(action: Action) {
  const [state, formAction, pending] = useActionState(action, idle);

  // Posted from onSubmit rather than through `action`, so React does not clear the fields
  // after the answer (a wrong password keeps the email, as without JavaScript).
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter ?? undefined;
    const data = new FormData(event.currentTarget, submitter as HTMLElement | undefined);
    startTransition(() => formAction(data));
  };

  const errorsFor = (name: string): string[] | undefined => state.fieldErrors?.[name];
  const valueOf = (name: string, fallback = ''): string => state.values?.[name] ?? fallback;

  return { state, formAction, pending, onSubmit, errorsFor, valueOf };
}
