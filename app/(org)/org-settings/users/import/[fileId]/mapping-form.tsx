'use client';

import { startTransition, useActionState, useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/input';
import { idle } from '@/lib/actions/result';

import { startImport } from './actions';

type Option = { value: string; label: string };
type MappedField = { name: string; label: string; suggested: string };
type Texts = {
  notImported: string;
  updateExisting: string;
  updateExistingHint: string;
  check: string;
  import: string;
  checkHint: string;
};

/**
 * One select per user field, "Update existing users", and the two buttons. A real form: without
 * JavaScript it posts to the action and the page comes back with the errors and the choices made.
 */
export function MappingForm({
  blobId,
  columns,
  fields,
  texts,
}: {
  blobId: string;
  columns: Option[];
  fields: MappedField[];
  texts: Texts;
}) {
  const [state, formAction, pending] = useActionState(startImport, idle);
  const [intent, setIntent] = useState<string | null>(null);

  // Sent by hand, with the button that was pressed, so React does not reset the choices after an error.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter ?? undefined;
    setIntent(submitter?.getAttribute('value') ?? null);
    const data = new FormData(event.currentTarget, submitter as HTMLElement | undefined);
    startTransition(() => formAction(data));
  };

  const valueOf = (name: string, fallback: string) => state.values?.[name] ?? fallback;
  const updateExisting = state.status === 'error' ? state.values?.updateExisting === 'on' : false;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" name="blobId" value={blobId} />
      <div className="grid gap-4 sm:grid-cols-2">
        {fields.map((field) => (
          <Field key={field.name} id={`map-${field.name}`} label={field.label} errors={state.fieldErrors?.[field.name]}>
            <Select name={field.name} defaultValue={valueOf(field.name, field.suggested)}>
              <option value="">{texts.notImported}</option>
              {columns.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
        ))}
      </div>
      <div className="flex items-start gap-3">
        <input
          type="checkbox"
          id="updateExisting"
          name="updateExisting"
          defaultChecked={updateExisting}
          aria-describedby="updateExisting-hint"
          className="mt-0.5 size-4 shrink-0 accent-brand-600"
        />
        <div>
          <label htmlFor="updateExisting" className="block text-sm font-medium">
            {texts.updateExisting}
          </label>
          <p id="updateExisting-hint" className="text-xs muted">
            {texts.updateExistingHint}
          </p>
        </div>
      </div>
      <p id="start-hint" className="text-sm muted">
        {texts.checkHint}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="submit"
          name="intent"
          value="check"
          aria-describedby="start-hint"
          pending={pending && intent === 'check'}
          disabled={pending}
        >
          {texts.check}
        </Button>
        <Button
          type="submit"
          name="intent"
          value="import"
          variant="secondary"
          aria-describedby="start-hint"
          pending={pending && intent === 'import'}
          disabled={pending}
        >
          {texts.import}
        </Button>
      </div>
    </form>
  );
}
