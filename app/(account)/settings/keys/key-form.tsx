'use client';

import { useEffect, useRef } from 'react';
import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { inputClass } from '@/components/ui/input';
import { saveKeySchema, type SaveKeyValues } from '@/lib/keys/schemas';

import { saveKey } from './actions';

const fileClass =
  'input px-2 py-1.5 file:mr-3 file:rounded file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-zinc-900 dark:file:bg-zinc-800 dark:file:text-zinc-100';

/** Paste the armour or pick a file; one server action takes either, with or without JavaScript. */
export function KeyForm({ email }: { email: string }) {
  const t = useTranslations('keys');
  const fileInput = useRef<HTMLInputElement>(null);
  const { state, form, pending, formAction, onSubmit, errorsFor, field } = useActionForm<SaveKeyValues>(
    saveKey,
    saveKeySchema,
    { publicKey: '' },
  );
  const { reset } = form;
  // Saved: the form starts empty again (the key is shown above it). Refused without the text
  // coming back (a private key, or one too large): the box is emptied too, as it is without JavaScript.
  useEffect(() => {
    if (state.status === 'success') {
      reset({ publicKey: '' });
      if (fileInput.current) fileInput.current.value = '';
    } else if (state.status === 'error' && state.values && state.values.publicKey === undefined) {
      reset({ publicKey: '' });
    }
  }, [state, reset]);

  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field
        id="public-key"
        label={t('publicKey')}
        hint={t('publicKeyHint', { email })}
        errors={errorsFor('publicKey')}
      >
        <textarea
          rows={8}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          placeholder="-----BEGIN PGP PUBLIC KEY BLOCK-----"
          className={cn(inputClass, 'resize-y font-mono text-xs')}
          {...field('publicKey')}
        />
      </Field>
      <Field id="key-file" label={t('keyFile')} hint={t('keyFileHint')} errors={errorsFor('keyFile')}>
        <input
          ref={fileInput}
          type="file"
          name="keyFile"
          accept=".asc,.gpg,.pgp,.key,application/pgp-keys"
          className={fileClass}
        />
      </Field>
      <p className="text-xs muted">{t('privateWarning')}</p>
      <Button type="submit" pending={pending}>
        {t('save')}
      </Button>
    </form>
  );
}
