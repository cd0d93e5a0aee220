'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import type { FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from 'react-hook-form';

import { useSchemaMessage } from '@/components/ui/use-schema-message';
import { htmlConstraints, type HtmlConstraints } from '@/lib/actions/constraints';
import type { ActionState } from '@/lib/actions/result';
import type { z } from '@/lib/actions/zod';

import { submittedData, useServerForm } from './use-server-form';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * What the schema may take in: the form's fields, each of any type, so a schema that coerces or
 * preprocesses what a form posts (a checkbox's "on", a number typed as text) fits too.
 */
type FormInput<T> = { [K in keyof T]?: unknown };

/** The constraints of `name` when the schema is an object (also one with refinements); else none. */
function fieldConstraints(schema: z.ZodMiniType, name: string): HtmlConstraints {
  const shape = (schema as { shape?: Record<string, z.ZodMiniType> }).shape;
  return shape && Object.hasOwn(shape, name) ? htmlConstraints(shape[name]) : {};
}

/**
 * A real form first: `action` posts without JavaScript. With JavaScript, react-hook-form checks
 * the same zod schema on blur and on submit, and only a valid form reaches the server action.
 */
export function useActionForm<T extends FieldValues>(
  action: Action,
  schema: z.ZodMiniType<unknown, FormInput<T>>,
  defaultValues?: DefaultValues<T>,
) {
  // The server's side of the form (its answer, the values to refill); the schema runs first here.
  const { state, formAction, pending, send, errorsFor: serverErrorsFor, valueOf } = useServerForm(action);
  const schemaText = useSchemaMessage();
  const form = useForm<T>({
    // Synchronous, like the server's parse (lib/actions/define.ts): the issues in the same order.
    resolver: zodResolver(schema, undefined, { mode: 'sync' }) as unknown as Resolver<T>,
    // Checked on submit, then live while fixing: errors appearing on blur moved the page under the
    // pointer and swallowed clicks.
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    defaultValues,
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Taken now: the check below finishes after the event has been dispatched.
    const data = submittedData(event);
    void form.handleSubmit(() => send(data))(event);
  };

  /** Client errors while typing (in the user's language), else what the server said about this field. */
  const errorsFor = (name: string): string[] | undefined => {
    const local = (form.formState.errors as Record<string, { message?: string } | undefined>)[name]?.message;
    if (local) return [schemaText(local)];
    return serverErrorsFor(name);
  };

  /**
   * Everything a text input of the form needs: react-hook-form's registration, the value typed
   * before a round trip without JavaScript, and `required` / `maxLength` / `min` / `max` read off
   * the schema, so the browser and the server agree: `<Input {...field('firstName')} />`.
   */
  const field = (name: Path<T> & string, fallback = '') => ({
    ...form.register(name),
    ...fieldConstraints(schema, name),
    defaultValue: valueOf(name, fallback),
  });

  return { state, formAction, pending, form, onSubmit, errorsFor, valueOf, field };
}
