'use client';

import { useTranslations } from 'use-intl';

import { useServerForm } from '@/components/forms/use-server-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';

import { sendResetLink } from './actions';

export function ForgotPasswordForm() {
  const t = useTranslations('forgot');
  // One address, checked by the server (the same answer whether or not it has an account).
  const { state, pending, formAction, onSubmit, errorsFor, valueOf } = useServerForm(sendResetLink);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field id="email" label={t('email')} errors={errorsFor('email')}>
        <Input
          type="email"
          name="email"
          required
          maxLength={254}
          autoComplete="email"
          defaultValue={valueOf('email')}
        />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
