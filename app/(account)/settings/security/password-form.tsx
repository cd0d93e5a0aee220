'use client';

import { useTranslations } from 'use-intl';

import { NewPasswordFields } from '@/components/forms/new-password-fields';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import type { PasswordContext } from '@/lib/security/password-policy';
import { changePasswordSchema, type ChangePasswordValues } from '@/lib/security/schemas';

import { changePassword } from './password-actions';

/**
 * `personal`: the user's name, email and organization, so the checklist can judge "not your name"
 * as they type; without it, that rule is checked when they save.
 */
export function ChangePasswordForm({ email, personal }: { email: string; personal?: PasswordContext }) {
  const t = useTranslations('security');
  const { state, form, pending, formAction, onSubmit, errorsFor } = useActionForm<ChangePasswordValues>(
    changePassword,
    changePasswordSchema,
  );
  const { register } = form;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <Field id="currentPassword" label={t('currentPassword')} errors={errorsFor('currentPassword')}>
        <Input type="password" required autoComplete="current-password" {...register('currentPassword')} />
      </Field>
      <NewPasswordFields
        form={form}
        names={{ password: 'newPassword', confirm: 'confirmNewPassword' }}
        labels={{ password: t('newPassword'), confirm: t('confirmNewPassword') }}
        errorsFor={errorsFor}
        personal={personal}
      />
      <Button type="submit" pending={pending}>
        {t('changePassword')}
      </Button>
    </form>
  );
}
