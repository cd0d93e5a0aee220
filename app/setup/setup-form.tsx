'use client';

import { useTranslations } from 'use-intl';

import { NewPasswordFields } from '@/components/forms/new-password-fields';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';

import { createOrganization } from './actions';
import { setupSchema, type SetupValues } from './schema';

export function SetupForm() {
  const t = useTranslations('setup');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<SetupValues>(
    createOrganization,
    setupSchema as never,
  );
  const { register } = form;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field id="orgName" label={t('orgName')} errors={errorsFor('orgName')}>
        <Input
          required
          maxLength={100}
          autoComplete="organization"
          defaultValue={valueOf('orgName')}
          {...register('orgName')}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="firstName" label={t('firstName')} errors={errorsFor('firstName')}>
          <Input
            required
            maxLength={100}
            autoComplete="given-name"
            defaultValue={valueOf('firstName')}
            {...register('firstName')}
          />
        </Field>
        <Field id="lastName" label={t('lastName')} errors={errorsFor('lastName')}>
          <Input
            required
            maxLength={100}
            autoComplete="family-name"
            defaultValue={valueOf('lastName')}
            {...register('lastName')}
          />
        </Field>
      </div>
      <Field id="email" label={t('email')} hint={t('emailHint')} errors={errorsFor('email')}>
        <Input
          type="email"
          required
          maxLength={254}
          autoComplete="email"
          defaultValue={valueOf('email')}
          {...register('email')}
        />
      </Field>
      <NewPasswordFields
        form={form as never}
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
