'use client';

import { useEffect, useRef } from 'react';
import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { inputClass, Select } from '@/components/ui/input';
import {
  DOMAINS_TEXT_MAX,
  INVITE_POLICY_OPTIONS,
  invitePolicySchema,
  type InvitePolicyValues,
} from '@/lib/org/invite-policy-schema';

import { updateInvitePolicy } from './actions';

type Initial = { invitePolicy: (typeof INVITE_POLICY_OPTIONS)[number]; allowedDomains: string };

export function InvitePolicyForm({ initial }: { initial: Initial }) {
  const t = useTranslations('invites.policy');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<InvitePolicyValues>(
    updateInvitePolicy,
    invitePolicySchema,
    initial,
  );
  const { register } = form;

  // After a save the page sends the stored (normalised) domains; show those, not what was typed.
  const shown = useRef(`${initial.invitePolicy}|${initial.allowedDomains}`);
  useEffect(() => {
    const next = `${initial.invitePolicy}|${initial.allowedDomains}`;
    if (shown.current === next) return;
    shown.current = next;
    form.reset(initial);
  }, [initial, form]);

  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field id="invitePolicy" label={t('who')} hint={t('whoHint')} errors={errorsFor('invitePolicy')}>
        <Select required defaultValue={valueOf('invitePolicy', initial.invitePolicy)} {...register('invitePolicy')}>
          {INVITE_POLICY_OPTIONS.map((option) => (
            <option key={option} value={option}>
              {t(`options.${option}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="allowedDomains" label={t('domains')} hint={t('domainsHint')} errors={errorsFor('allowedDomains')}>
        <textarea
          rows={5}
          maxLength={DOMAINS_TEXT_MAX}
          spellCheck={false}
          autoCapitalize="none"
          placeholder="example.com"
          className={cn(inputClass, 'font-mono')}
          defaultValue={valueOf('allowedDomains', initial.allowedDomains)}
          {...register('allowedDomains')}
        />
      </Field>
      <Button type="submit" pending={pending}>
        {t('save')}
      </Button>
    </form>
  );
}
