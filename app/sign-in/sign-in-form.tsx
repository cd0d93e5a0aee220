'use client';

import { useTranslations } from 'use-intl';

import { useServerForm } from '@/components/forms/use-server-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { Link } from '@/components/ui/link';

import { signInWithPassword } from './actions';

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('signIn');
  // Checked by the server alone: the password can only be checked there, so the page ships no
  // form library and no schema (lib/auth/sign-in-schema.ts is the server's).
  const { state, pending, onSubmit, formAction, errorsFor, valueOf } = useServerForm(signInWithPassword);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" name="callbackUrl" value={valueOf('callbackUrl', callbackUrl ?? '')} />
      <Field id="email" label={t('email')} errors={errorsFor('email')}>
        <Input
          type="email"
          name="email"
          required
          maxLength={254}
          autoComplete="username webauthn"
          defaultValue={valueOf('email')}
        />
      </Field>
      <Field id="password" label={t('password')} errors={errorsFor('password')}>
        {/* No maxLength: a browser would cut a pasted password silently; the server says when it is too long. */}
        <Input type="password" name="password" required autoComplete="current-password" />
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
