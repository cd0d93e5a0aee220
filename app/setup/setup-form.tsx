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
  const { state, form, pending, formAction, onSubmit, errorsFor, field } = useActionForm<SetupValues>(
    createOrganization,
    setupSchema,
  );
  // The password must not contain what is typed above it; the checklist judges it as they type.
  const [orgName, firstName, lastName, email] = form.watch(['orgName', 'firstName', 'lastName', 'email']);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field id="orgName" label={t('orgName')} errors={errorsFor('orgName')}>
        <Input autoComplete="organization" {...field('orgName')} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="firstName" label={t('firstName')} errors={errorsFor('firstName')}>
          <Input autoComplete="given-name" {...field('firstName')} />
        </Field>
        <Field id="lastName" label={t('lastName')} errors={errorsFor('lastName')}>
          <Input autoComplete="family-name" {...field('lastName')} />
        </Field>
      </div>
      <Field id="email" label={t('email')} hint={t('emailHint')} errors={errorsFor('email')}>
        <Input type="email" autoComplete="email" {...field('email')} />
      </Field>
      <NewPasswordFields
        form={form}
        names={{ password: 'password', confirm: 'confirmPassword' }}
        labels={{ password: t('password'), confirm: t('confirmPassword') }}
        errorsFor={errorsFor}
        personal={{ orgName, firstName, lastName, email }}
      />
      <Button type="submit" pending={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
