'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input, Select } from '@/components/ui/input';
import { createTokenSchema, EXPIRY_CHOICES, expiryDays, type CreateTokenValues } from '@/lib/tokens/schemas';
import type { TokenScope } from '@/lib/tokens/scopes';

import { createToken } from './actions';

/** A scope as the form offers it: its description, and why it is greyed out when the user may not grant it. */
export type ScopeChoice = { scope: TokenScope; description: string; refused: string | null };

const scopeId = (scope: TokenScope) => `scope-${scope.replace(':', '-')}`;

/** Copies the new secret; rendered only once JavaScript runs (without it the text is there to select). */
function CopySecretButton({ secret }: { secret: string }) {
  const t = useTranslations('tokens');
  const [mounted, setMounted] = useState(false);
  const [copied, setCopied] = useState(false);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- the button exists only when scripts run
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  return (
    <Button
      type="button"
      variant="secondary"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(secret);
          setCopied(true);
        } catch {
          setCopied(false);
        }
      }}
    >
      <span aria-live="polite">{copied ? t('copied') : t('copy')}</span>
    </Button>
  );
}

/** The secret of the token just made: in this answer only, never stored in the page or the browser. */
function NewSecret({ secret, name }: { secret: string; name: string }) {
  const t = useTranslations('tokens');
  return (
    <section
      aria-labelledby="new-token-secret-title"
      className="space-y-2 rounded-md border border-brand-200 bg-brand-50 p-4 dark:border-zinc-700 dark:bg-zinc-900"
    >
      <h3 id="new-token-secret-title" className="text-sm font-semibold">
        {t('secretTitle')}
      </h3>
      <p id="new-token-secret-label" className="text-xs text-zinc-700 dark:text-zinc-300">
        {t('secretLabel', { name })}
      </p>
      <code
        id="new-token-secret"
        aria-labelledby="new-token-secret-label"
        className="block rounded border border-zinc-300 bg-white px-3 py-2 font-mono text-sm break-all select-all dark:border-zinc-700 dark:bg-zinc-950"
      >
        {secret}
      </code>
      <p className="text-xs text-zinc-700 dark:text-zinc-300">{t('secretHint')}</p>
      <CopySecretButton secret={secret} />
    </section>
  );
}

export function CreateTokenForm({
  scopes,
  maxDays,
  firstDate,
  lastDate,
  maxHint,
}: {
  scopes: ScopeChoice[];
  maxDays: number;
  firstDate: string;
  lastDate: string;
  maxHint: string;
}) {
  const t = useTranslations('tokens');
  const offered = EXPIRY_CHOICES.filter((choice) => (expiryDays(choice) ?? 0) <= maxDays);
  const fallback = offered.includes('30') ? '30' : (offered[offered.length - 2] ?? 'date');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf, field } = useActionForm<CreateTokenValues>(
    createToken,
    createTokenSchema,
    { expires: fallback, scopes: [] },
  );
  const secret = state.status === 'success' ? state.values?.secret : undefined;
  const { reset } = form;
  // A token was made: the form starts over for the next one (the secret stays shown above it).
  useEffect(() => {
    if (secret) reset({ name: '', scopes: [], expires: fallback, expiresOn: '' });
  }, [secret, reset, fallback]);

  const ticked = (scope: TokenScope) => {
    const sent = state.status === 'error' ? state.values?.scopes : undefined;
    return sent ? sent.split(' ').includes(scope) : false;
  };
  const scopeErrors = errorsFor('scopes');
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      {/* Said first, then shown: the message above names the token whose secret follows. */}
      {secret ? <NewSecret secret={secret} name={state.values?.tokenName ?? ''} /> : null}
      <Field id="token-name" label={t('name')} hint={t('nameHint')} errors={errorsFor('name')}>
        <Input autoComplete="off" {...field('name')} defaultValue={secret ? '' : valueOf('name')} />
      </Field>
      <fieldset
        aria-describedby={scopeErrors?.length ? 'token-scopes-error' : undefined}
        aria-invalid={scopeErrors?.length ? true : undefined}
      >
        <legend className="text-sm font-medium">{t('scopes')}</legend>
        <ul className="mt-2 space-y-3">
          {scopes.map(({ scope, description, refused }) => (
            <li key={scope} className="flex items-start gap-3">
              <input
                type="checkbox"
                id={scopeId(scope)}
                value={scope}
                disabled={Boolean(refused)}
                defaultChecked={!refused && ticked(scope)}
                aria-describedby={`${scopeId(scope)}-hint`}
                className="mt-0.5 size-4 shrink-0 accent-brand-600"
                {...(refused ? {} : form.register('scopes'))}
              />
              <span className="text-sm">
                <label htmlFor={scopeId(scope)} className="font-mono font-medium">
                  {scope}
                </label>
                <span id={`${scopeId(scope)}-hint`} className="block text-xs muted">
                  {description}
                  {refused ? <span className="block italic">{refused}</span> : null}
                </span>
              </span>
            </li>
          ))}
        </ul>
        {scopeErrors?.length ? (
          <ul id="token-scopes-error" className="mt-2 space-y-0.5 text-sm text-red-700 dark:text-red-400">
            {scopeErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="token-expires" label={t('expires')} hint={maxHint} errors={errorsFor('expires')}>
          <Select defaultValue={valueOf('expires', fallback)} {...form.register('expires')}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice} value={choice} disabled={!offered.includes(choice)}>
                {t(`expiry.${choice}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="token-expires-on" label={t('expiresOn')} hint={t('expiresOnHint')} errors={errorsFor('expiresOn')}>
          <Input type="date" min={firstDate} max={lastDate} {...field('expiresOn')} />
        </Field>
      </div>
      <Button type="submit" pending={pending}>
        {t('create')}
      </Button>
    </form>
  );
}
