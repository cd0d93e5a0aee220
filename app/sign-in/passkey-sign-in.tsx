'use client';

import { browserSupportsWebAuthnAutofill, startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useTranslations } from 'use-intl';

import { buttonClass } from '@/components/ui/button';
import { StatusMessage } from '@/components/ui/form-status';
import { idle, type ActionState } from '@/lib/actions/result';
import { usePasskeySupport } from '@/lib/passkeys/support';

import { passkeySignInOptions, signInWithPasskeyAction } from './passkey-actions';

/**
 * "Sign in with a passkey", and the browser's offer of passkeys in the email field's autofill.
 * Both need JavaScript: without it the button stays disabled and says so.
 */
export function PasskeySignIn({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('passkeys');
  const ready = usePasskeySupport();
  const [state, setState] = useState<ActionState>(idle);
  const [pending, startTransition] = useTransition();
  const attempt = useRef(0);

  const finish = async (response: unknown) => {
    const data = new FormData();
    data.set('response', JSON.stringify(response));
    if (callbackUrl) data.set('callbackUrl', callbackUrl);
    setState(await signInWithPasskeyAction(idle, data));
  };

  useEffect(() => {
    if (!ready) return;
    let cancelled = false;
    // The passkeys the browser offers under the email field (autocomplete="username webauthn").
    void (async () => {
      if (!(await browserSupportsWebAuthnAutofill()) || cancelled) return;
      try {
        const response = await startAuthentication(await passkeySignInOptions(), true);
        if (!cancelled) await finish(response);
      } catch {
        // dismissed, or replaced by the button's own prompt
      }
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready]);

  const onClick = () =>
    startTransition(async () => {
      const mine = ++attempt.current;
      try {
        const response = await startAuthentication(await passkeySignInOptions());
        await finish(response);
      } catch {
        if (mine === attempt.current) setState({ status: 'error', message: t('errors.cancelled') });
      }
    });

  // Without JavaScript only the note: the button is there once scripts run.
  if (!ready) return <p className="text-xs muted">{t('needsJavaScript')}</p>;

  return (
    <div className="space-y-2">
      {state.status === 'error' && state.message ? (
        <StatusMessage tone="error" answer={state}>
          {state.message}
        </StatusMessage>
      ) : null}
      <button type="button" className={buttonClass('secondary', 'w-full')} disabled={pending} onClick={onClick}>
        {t('signIn')}
      </button>
    </div>
  );
}
