'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input, Select } from '@/components/ui/input';
import {
  changeEmailSchema,
  changeRoleSchema,
  deactivateSchema,
  reactivateSchema,
  type ChangeEmailValues,
  type ChangeRoleValues,
  type DeactivateValues,
  type ManagedRole,
} from '@/lib/org/user-schemas';

import { changeEmail, changeRole, deactivate, reactivate } from './actions';

export function EmailForm({ userId, email }: { userId: string; email: string }) {
  const t = useTranslations('orgUsers.email');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<ChangeEmailValues>(
    changeEmail,
    changeEmailSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" defaultValue={userId} {...form.register('userId')} />
      <Field id="user-email" label={t('label')} hint={t('hint')} errors={errorsFor('email')}>
        <Input
          type="email"
          required
          maxLength={254}
          autoComplete="off"
          spellCheck={false}
          defaultValue={valueOf('email', email)}
          {...form.register('email')}
        />
      </Field>
      <Button type="submit" pending={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}

const ROLES: ManagedRole[] = ['owner', 'admin', 'member'];

/** Roles the viewer may not hand out stay listed but disabled; the action decides anyway. */
export function RoleForm({
  userId,
  role,
  assignable,
}: {
  userId: string;
  role: ManagedRole;
  assignable: ManagedRole[];
}) {
  const t = useTranslations('orgUsers.role');
  const roles = useTranslations('roles');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<ChangeRoleValues>(
    changeRole,
    changeRoleSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" defaultValue={userId} {...form.register('userId')} />
      <Field id="user-role" label={t('label')} errors={errorsFor('role')}>
        <Select required defaultValue={valueOf('role', role)} {...form.register('role')}>
          {ROLES.map((option) => (
            <option key={option} value={option} disabled={option !== role && !assignable.includes(option)}>
              {roles(`${option}.label`)}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" pending={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}

/** Destructive: a box to tick first, which works the same without JavaScript. */
export function DeactivateForm({ userId, name }: { userId: string; name: string }) {
  const t = useTranslations('orgUsers.deactivate');
  const { state, form, pending, formAction, onSubmit, errorsFor } = useActionForm<DeactivateValues>(
    deactivate,
    deactivateSchema,
  );
  const errors = errorsFor('confirm');
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" defaultValue={userId} {...form.register('userId')} />
      <div className="space-y-1.5">
        <div className="flex items-start gap-3">
          <input
            type="checkbox"
            id="deactivate-confirm"
            required
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={errors?.length ? 'deactivate-confirm-error' : undefined}
            className="mt-0.5 size-4 shrink-0 accent-red-600"
            {...form.register('confirm')}
          />
          <label htmlFor="deactivate-confirm" className="text-sm">
            {t('confirm', { name })}
          </label>
        </div>
        {errors?.length ? (
          <ul id="deactivate-confirm-error" className="space-y-0.5 text-sm text-red-700 dark:text-red-400">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <Button type="submit" variant="danger" pending={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}

export function ReactivateForm({ userId }: { userId: string }) {
  const t = useTranslations('orgUsers.reactivate');
  const { state, form, pending, formAction, onSubmit } = useActionForm<{ userId: string }>(
    reactivate,
    reactivateSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" defaultValue={userId} {...form.register('userId')} />
      <Button type="submit" pending={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
