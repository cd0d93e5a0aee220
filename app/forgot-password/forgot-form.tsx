'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';

import { sendResetLink } from './actions';
import { forgotPasswordSchema, type ForgotPasswordValues } from './schema';

export function ForgotPasswordForm() {
  const t = useTranslations('forgot');
  const { state, pending, formAction, onSubmit, errorsFor, field } = useActionForm<ForgotPasswordValues>(
    sendResetLink,
    forgotPasswordSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field id="email" label={t('email')} errors={errorsFor('email')}>
        <Input type="email" autoComplete="email" {...field('email')} />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
