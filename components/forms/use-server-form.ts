'use client';

import { startTransition, useActionState, type FormEvent } from 'react';

import { idle, type ActionState } from '@/lib/actions/result';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * What the browser would post for a submit event: the form's fields and the clicked button. Read
 * while the event is dispatched (React clears `currentTarget` afterwards).
 */
export function submittedData(event: FormEvent<HTMLFormElement>): FormData {
  const submitter = (event.nativeEvent as SubmitEvent).submitter ?? undefined;
  return new FormData(event.currentTarget, submitter as HTMLElement | undefined);
}

/**
 * A short form that only the server can judge, such as a sign-in (the password is checked
 * there): no form library and no schema in the browser, so the page ships neither. It posts
 * without JavaScript like every form; with JavaScript it posts in place, keeps what was typed, and
 * shows the server's answer next to each field. The inputs carry their HTML constraints
 * (`required`, `maxLength`, `type="email"`) for the browser's own hints.
 */
export function useServerForm(action: Action) {
  const [state, formAction, pending] = useActionState(action, idle);

  /** Posts in place: the answer comes back as `state`. */
  const send = (data: FormData) => startTransition(() => formAction(data));

  // Posted from onSubmit rather than through `action`, so React does not clear the fields
  // after the answer (a wrong password keeps the email, as without JavaScript).
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send(submittedData(event));
  };

  const errorsFor = (name: string): string[] | undefined => state.fieldErrors?.[name];
  const valueOf = (name: string, fallback = ''): string => state.values?.[name] ?? fallback;

  return { state, formAction, pending, onSubmit, send, errorsFor, valueOf };
}
