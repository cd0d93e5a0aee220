'use client';

import { useTranslations } from 'use-intl';

import { NewPasswordFields } from '@/components/forms/new-password-fields';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import type { PasswordContext } from '@/lib/security/password-policy';

import { acceptInvitation } from './actions';
import { acceptInvitationSchema, type AcceptInvitationValues } from './schema';

/** `personal`: the invited person and organization, whom the password must not name. */
export function AcceptInvitationForm({
  token,
  email,
  personal,
}: {
  token: string;
  email: string;
  personal: PasswordContext;
}) {
  const t = useTranslations('invite');
  const { state, form, pending, formAction, onSubmit, errorsFor } = useActionForm<AcceptInvitationValues>(
    acceptInvitation,
    acceptInvitationSchema,
    { token },
  );
  const { register } = form;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" value={token} {...register('token')} />
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <NewPasswordFields
        form={form}
        names={{ password: 'password', confirm: 'confirmPassword' }}
        labels={{ password: t('password'), confirm: t('confirmPassword') }}
        errorsFor={errorsFor}
        personal={personal}
      />
      <Button type="submit" pending={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
