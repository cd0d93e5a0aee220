'use client';

import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { useTranslations } from 'use-intl';

import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

import { PasswordChecklist } from './password-checklist';

/**
 * A new password, its live rule checklist and its confirmation: one place for setup, invitation,
 * reset and change-password forms.
 */
export function NewPasswordFields<T extends FieldValues>({
  form,
  names,
  labels,
  errorsFor,
}: {
  form: UseFormReturn<T>;
  names: { password: Path<T>; confirm: Path<T> };
  labels: { password: string; confirm: string };
  errorsFor: (name: string) => string[] | undefined;
}) {
  const tc = useTranslations('common');
  const { register } = form;
  const password: unknown = form.watch(names.password);
  // No maxLength: a browser silently cuts a pasted password at it. The server refuses one over
  // 128 characters with a message instead.
  return (
    <>
      <Field id={names.password} label={labels.password} hint={tc('passwordHint')} errors={errorsFor(names.password)}>
        <Input type="password" required minLength={8} autoComplete="new-password" {...register(names.password)} />
      </Field>
      <PasswordChecklist value={typeof password === 'string' ? password : ''} />
      <Field id={names.confirm} label={labels.confirm} errors={errorsFor(names.confirm)}>
        <Input type="password" required autoComplete="new-password" {...register(names.confirm)} />
      </Field>
    </>
  );
}
