'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import { signInSchema, type SignInValues } from '@/lib/auth/sign-in-schema';

import { signInWithPassword } from './actions';

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('signIn');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf, field } = useActionForm<SignInValues>(
    signInWithPassword,
    signInSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" name="callbackUrl" value={valueOf('callbackUrl', callbackUrl ?? '')} />
      <Field id="email" label={t('email')} errors={errorsFor('email')}>
        <Input type="email" autoComplete="username webauthn" {...field('email')} />
      </Field>
      <Field id="password" label={t('password')} errors={errorsFor('password')}>
        {/* No maxLength: a browser would cut a pasted password silently; the server says when it is too long. */}
        <Input type="password" required autoComplete="current-password" {...form.register('password')} />
      </Field>
      <div className="flex items-center justify-between gap-4">
        <Link
          href="/forgot-password"
          className="text-sm font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-100"
        >
          {t('forgot')}
        </Link>
        <Button type="submit" pending={pending}>
          {t('submit')}
        </Button>
      </div>
    </form>
  );
}
