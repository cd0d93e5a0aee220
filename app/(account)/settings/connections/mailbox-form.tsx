'use client';

import { useEffect, useState, type ChangeEvent } from 'react';
import { useTranslations } from 'use-intl';

import { TestAndSaveButtons } from '@/components/forms/test-and-save-buttons';
import { useActionForm } from '@/components/forms/use-action-form';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input, Select } from '@/components/ui/input';
import type { MailboxPreset } from '@/db/schema';
import { MAIL_SECURITY, PORT_RANGE, type MailSecurityChoice } from '@/lib/mail/server-fields';
import { MAILBOX_PRESETS, presetServers, PROVIDER_SERVERS, type MailServerEndpoint } from '@/lib/mailbox/presets';
import { mailboxSchema, type MailboxValues } from '@/lib/mailbox/schema';

import { saveOrTestMailbox } from './mailbox-actions';

/** The stored mailbox as the form starts from it; never the password, only whether there is one. */
export type StoredMailbox = {
  preset: MailboxPreset;
  address: string;
  imap: MailServerEndpoint;
  smtp: MailServerEndpoint;
  username: string;
  hasPassword: boolean;
  sendAs: boolean;
};

const SECURITY_LABELS = { tls: 'securityTls', starttls: 'securityStarttls', none: 'securityNone' } as const;
const OUTCOMES = ['ok', 'notFound', 'internal', 'refused', 'timeout', 'tls', 'auth', 'failed'] as const;
type Outcome = (typeof OUTCOMES)[number];
const outcomeOf = (value: unknown): Outcome | null =>
  typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value) ? (value as Outcome) : null;

/** What each server said to the last test, under its name: success politely, failure assertively. */
function ProtocolResults({ imap, smtp }: { imap: Outcome | null; smtp: Outcome | null }) {
  const t = useTranslations('userMailbox');
  if (!imap && !smtp) return null;
  const rows = [
    { id: 'imap', title: t('imapTitle'), outcome: imap },
    { id: 'smtp', title: t('smtpTitle'), outcome: smtp },
  ] as const;
  return (
    <ul className="space-y-2" aria-label={t('test')}>
      {rows.map(({ id, title, outcome }) =>
        outcome ? (
          <li
            key={id}
            id={`mailbox-${id}-result`}
            role={outcome === 'ok' ? 'status' : 'alert'}
            className={
              outcome === 'ok'
                ? 'rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-200'
                : 'rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200'
            }
          >
            <span className="font-medium">{title}:</span> {t(`outcome.${outcome}`)}
          </li>
        ) : null,
      )}
    </ul>
  );
}

export function MailboxForm({
  stored,
  defaultAddress,
  sendingAllowed,
}: {
  stored: StoredMailbox | null;
  defaultAddress: string;
  sendingAllowed: boolean;
}) {
  const t = useTranslations('userMailbox');
  const initialPreset: MailboxPreset = stored?.preset ?? 'gmail';
  const initial = stored ?? { ...PROVIDER_SERVERS.gmail, preset: initialPreset };
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf, field } = useActionForm<MailboxValues>(
    saveOrTestMailbox,
    mailboxSchema,
  );
  const [preset, setPreset] = useState<string>(valueOf('preset', initialPreset));
  // A password typed is not left in the page once it was used; without JavaScript the answer's
  // page never carries it back either.
  useEffect(() => {
    if (state.status !== 'idle') form.setValue('password', '');
  }, [state, form]);

  const presetField = form.register('preset');
  const choosePreset = (event: ChangeEvent<HTMLSelectElement>) => {
    void presetField.onChange(event);
    const chosen = event.target.value as MailboxPreset;
    setPreset(chosen);
    const servers = (MAILBOX_PRESETS as readonly string[]).includes(chosen) ? presetServers(chosen) : null;
    if (!servers) return;
    for (const side of ['imap', 'smtp'] as const) {
      form.setValue(`${side}Host`, servers[side].host);
      form.setValue(`${side}Port`, String(servers[side].port));
      form.setValue(`${side}Security`, servers[side].security);
      form.clearErrors([`${side}Host`, `${side}Port`, `${side}Security`]);
    }
  };

  const sent = state.status !== 'idle' ? state.values : undefined;
  const sendAsChecked = sent ? sent.sendAs === 'on' : (stored?.sendAs ?? false);
  const securityOptions = MAIL_SECURITY.map((s: MailSecurityChoice) => (
    <option key={s} value={s}>
      {t(SECURITY_LABELS[s])}
    </option>
  ));
  const appPasswordPreset = (MAILBOX_PRESETS as readonly string[]).includes(preset)
    ? (preset as MailboxPreset)
    : 'custom';

  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
      <FormStatus state={state} />
      <ProtocolResults imap={outcomeOf(sent?.imapOutcome)} smtp={outcomeOf(sent?.smtpOutcome)} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="mailbox-preset" label={t('provider')} hint={t('providerHint')} errors={errorsFor('preset')}>
          <Select {...presetField} onChange={choosePreset} defaultValue={valueOf('preset', initialPreset)}>
            {MAILBOX_PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`providers.${p}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="mailbox-address" label={t('address')} errors={errorsFor('address')}>
          <Input
            type="email"
            autoComplete="email"
            spellCheck={false}
            autoCapitalize="none"
            required
            {...field('address', stored?.address ?? defaultAddress)}
          />
        </Field>
      </div>
      <p
        id="mailbox-app-password"
        aria-live="polite"
        className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
      >
        {t(`appPasswords.${appPasswordPreset}`)}
      </p>
      {(['imap', 'smtp'] as const).map((side) => (
        <fieldset key={side} className="space-y-4">
          <legend className="mb-2 text-sm font-semibold">{t(`${side}Title`)}</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="sm:col-span-2">
              <Field id={`mailbox-${side}-host`} label={t(`${side}Host`)} errors={errorsFor(`${side}Host`)}>
                <Input
                  autoComplete="off"
                  spellCheck={false}
                  autoCapitalize="none"
                  maxLength={253}
                  {...field(`${side}Host`, initial[side].host)}
                />
              </Field>
            </div>
            <Field
              id={`mailbox-${side}-port`}
              label={t(`${side}Port`)}
              hint={t(`${side}PortHint`)}
              errors={errorsFor(`${side}Port`)}
            >
              <Input
                type="number"
                inputMode="numeric"
                min={PORT_RANGE.min}
                max={PORT_RANGE.max}
                step={1}
                {...field(`${side}Port`, String(initial[side].port))}
              />
            </Field>
            <Field id={`mailbox-${side}-security`} label={t(`${side}Security`)} errors={errorsFor(`${side}Security`)}>
              <Select {...field(`${side}Security`, initial[side].security)}>{securityOptions}</Select>
            </Field>
          </div>
        </fieldset>
      ))}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="mailbox-username" label={t('username')} hint={t('usernameHint')} errors={errorsFor('username')}>
          <Input
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="none"
            maxLength={254}
            {...field('username', stored?.username ?? '')}
          />
        </Field>
        <Field
          id="mailbox-password"
          label={t('password')}
          hint={stored?.hasPassword ? t('passwordSaved') : undefined}
          errors={errorsFor('password')}
        >
          {/* Never filled in: the stored password stays on the server. */}
          <Input type="password" autoComplete="new-password" maxLength={500} {...field('password')} defaultValue="" />
        </Field>
      </div>
      <div className="flex items-start gap-3">
        <input
          type="checkbox"
          id="mailbox-send-as"
          disabled={!sendingAllowed}
          defaultChecked={sendingAllowed && sendAsChecked}
          aria-describedby="mailbox-send-as-hint"
          className="mt-0.5 size-4 shrink-0 accent-brand-600"
          {...(sendingAllowed ? form.register('sendAs') : {})}
        />
        <span className="text-sm">
          <label htmlFor="mailbox-send-as" className="font-medium">
            {t('sendAs')}
          </label>
          <span id="mailbox-send-as-hint" className="block text-xs muted">
            {sendingAllowed ? t('sendAsHint') : t('sendAsNotAllowed')}
          </span>
        </span>
      </div>
      <TestAndSaveButtons pending={pending} labels={{ save: t('save'), test: t('test') }} />
    </form>
  );
}
