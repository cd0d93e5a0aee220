'use client';

import { useTranslations } from 'use-intl';

import { useServerForm } from '@/components/forms/use-server-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';

import { verifyMfa } from './actions';

export function MfaForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('mfa');
  // Only the server can tell a right code from a wrong one: no form library or schema here.
  const { state, pending, formAction, onSubmit, errorsFor } = useServerForm(verifyMfa);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ''} />
      <Field id="code" label={t('code')} hint={t('codeHint')} errors={errorsFor('code')}>
        <Input
          autoComplete="one-time-code"
          inputMode="text"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          name="code"
          required
          maxLength={40}
        />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
