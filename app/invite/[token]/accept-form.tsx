'use client';

import { useTranslations } from 'use-intl';

import { NewPasswordFields } from '@/components/forms/new-password-fields';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';

import { acceptInvitation } from './actions';
import { acceptInvitationSchema, type AcceptInvitationValues } from './schema';

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
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
      />
      <Button type="submit" pending={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
