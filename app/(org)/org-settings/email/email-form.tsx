'use client';

import { useEffect } from 'react';
import { useTranslations } from 'use-intl';

import { TestAndSaveButtons } from '@/components/forms/test-and-save-buttons';
import { useActionForm } from '@/components/forms/use-action-form';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input, Select } from '@/components/ui/input';
import { MAIL_SECURITY, mailServerSchema, PORT_RANGE, type MailServerValues } from '@/lib/org/mail-server-schema';

import { saveOrTestMailServer } from './actions';

/** The stored server as the form starts from it; never the password, only whether there is one. */
export type StoredMailServer = {
  host: string;
  port: number;
  security: (typeof MAIL_SECURITY)[number];
  username: string;
  hasPassword: boolean;
  fromAddress: string;
  fromName: string;
};

const SECURITY_LABELS = { tls: 'securityTls', starttls: 'securityStarttls', none: 'securityNone' } as const;

export function MailServerForm({ stored }: { stored: StoredMailServer | null }) {
  const t = useTranslations('orgEmail');
  const { state, form, pending, formAction, onSubmit, errorsFor, field } = useActionForm<MailServerValues>(
    saveOrTestMailServer,
    mailServerSchema,
  );
  // A password typed is not left in the page once it was used; without JavaScript the answer's
  // page never carries it back either.
  useEffect(() => {
    if (state.status !== 'idle') form.setValue('password', '');
  }, [state, form]);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
      <FormStatus state={state} />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_10rem]">
        <Field id="mail-host" label={t('host')} hint={t('hostHint')} errors={errorsFor('host')}>
          <Input autoComplete="off" spellCheck={false} autoCapitalize="none" {...field('host', stored?.host)} />
        </Field>
        <Field id="mail-port" label={t('port')} hint={t('portHint')} errors={errorsFor('port')}>
          <Input
            type="number"
            inputMode="numeric"
            required
            min={PORT_RANGE.min}
            max={PORT_RANGE.max}
            step={1}
            {...field('port', String(stored?.port ?? 587))}
          />
        </Field>
      </div>
      <Field id="mail-security" label={t('security')} errors={errorsFor('security')}>
        <Select {...field('security', stored?.security ?? 'starttls')}>
          {MAIL_SECURITY.map((s) => (
            <option key={s} value={s}>
              {t(SECURITY_LABELS[s])}
            </option>
          ))}
        </Select>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="mail-username" label={t('username')} errors={errorsFor('username')}>
          <Input autoComplete="off" spellCheck={false} autoCapitalize="none" {...field('username', stored?.username)} />
        </Field>
        <Field
          id="mail-password"
          label={t('password')}
          hint={stored?.hasPassword ? t('passwordSaved') : undefined}
          errors={errorsFor('password')}
        >
          {/* Never filled in: the stored password stays on the server. */}
          <Input type="password" autoComplete="new-password" {...field('password')} defaultValue="" />
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="mail-from-address" label={t('fromAddress')} errors={errorsFor('fromAddress')}>
          <Input
            type="email"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="none"
            {...field('fromAddress', stored?.fromAddress)}
          />
        </Field>
        <Field id="mail-from-name" label={t('fromName')} hint={t('fromNameHint')} errors={errorsFor('fromName')}>
          <Input autoComplete="off" {...field('fromName', stored?.fromName)} />
        </Field>
      </div>
      <TestAndSaveButtons pending={pending} labels={{ save: t('save'), test: t('test') }} saveFirst />
    </form>
  );
}
