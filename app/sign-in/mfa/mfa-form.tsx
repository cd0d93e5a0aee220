'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';

import { verifyMfa } from './actions';
import { mfaSchema, type MfaValues } from './schema';

export function MfaForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('mfa');
  const { state, pending, formAction, onSubmit, errorsFor, field } = useActionForm<MfaValues>(verifyMfa, mfaSchema);
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
          {...field('code')}
        />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
