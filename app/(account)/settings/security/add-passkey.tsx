'use client';

import { startRegistration } from '@simplewebauthn/browser';
import { useState, useTransition } from 'react';
import { useTranslations } from 'use-intl';

import { buttonClass } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { idle, type ActionState } from '@/lib/actions/result';
import { usePasskeySupport } from '@/lib/passkeys/support';

import { addPasskeyAction, passkeyRegistrationOptions } from './passkey-actions';

/**
 * "Add a passkey": the name, then the browser's own prompt; the server checks the answer against
 * the challenge it handed out. Without JavaScript the button stays disabled and says why.
 */
export function AddPasskey() {
  const t = useTranslations('passkeys');
  const ready = usePasskeySupport();
  const [name, setName] = useState('');
  const [state, setState] = useState<ActionState>(idle);
  const [pending, startTransition] = useTransition();

  const add = () =>
    startTransition(async () => {
      if (!name.trim()) {
        setState({ status: 'error', message: t('errors.failed'), fieldErrors: { name: [t('nameHint')] } });
        return;
      }
      let response;
      try {
        response = await startRegistration(await passkeyRegistrationOptions());
      } catch {
        setState({ status: 'error', message: t('errors.failed') });
        return;
      }
      const data = new FormData();
      data.set('name', name);
      data.set('response', JSON.stringify(response));
      const answer = await addPasskeyAction(idle, data);
      setState(answer);
      if (answer.status === 'success') setName('');
    });

  // The server's HTML (and so a browser without JavaScript) says passkeys need it; the form
  // replaces that note once scripts run, so the button never shows in a state it cannot keep.
  if (!ready) return <p className="text-sm muted">{t('needsJavaScript')}</p>;

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        add();
      }}
    >
      <FormStatus state={state} />
      <Field id="passkey-name" label={t('name')} hint={t('nameHint')} errors={state.fieldErrors?.name}>
        <Input
          name="name"
          maxLength={60}
          placeholder={t('namePlaceholder')}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </Field>
      <button type="submit" className={buttonClass('primary')} disabled={pending}>
        {t('add')}
      </button>
    </form>
  );
}
