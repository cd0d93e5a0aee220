'use client';

import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';

import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { PasswordContext } from '@/lib/security/password-policy';

import { PasswordChecklist } from './password-checklist';

/**
 * A new password, the checklist of every rule it must meet and its confirmation: one place for
 * setup, invitation, reset and change-password forms. `personal` is the person the password is
 * for (name, email, organization), so the checklist can judge "not your name" while they type.
 */
export function NewPasswordFields<T extends FieldValues>({
  form,
  names,
  labels,
  errorsFor,
  personal,
}: {
  form: UseFormReturn<T>;
  names: { password: Path<T>; confirm: Path<T> };
  labels: { password: string; confirm: string };
  errorsFor: (name: string) => string[] | undefined;
  personal?: PasswordContext;
}) {
  const { register } = form;
  const password: unknown = form.watch(names.password);
  const rulesId = `${names.password}-rules`;
  // No maxLength: a browser silently cuts a pasted password at it. The server refuses one over
  // 128 characters with a message instead.
  return (
    <>
      <Field id={names.password} label={labels.password} describedBy={rulesId} errors={errorsFor(names.password)}>
        <Input type="password" required minLength={8} autoComplete="new-password" {...register(names.password)} />
      </Field>
      <PasswordChecklist id={rulesId} value={typeof password === 'string' ? password : ''} personal={personal} />
      <Field id={names.confirm} label={labels.confirm} errors={errorsFor(names.confirm)}>
        <Input type="password" required autoComplete="new-password" {...register(names.confirm)} />
      </Field>
    </>
  );
}
