'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import {
  IDLE_MINUTES,
  LIFETIME_HOURS,
  securityPolicySchema,
  type SecurityPolicyValues,
} from '@/lib/org/security-policy-schema';

import { updateSecurityPolicy } from './actions';

type Props = { requireMfa: boolean; sessionIdleMinutes: number; sessionAbsoluteHours: number; withoutMfa: number };

export function SecurityPolicyForm({ requireMfa, sessionIdleMinutes, sessionAbsoluteHours, withoutMfa }: Props) {
  const t = useTranslations('orgSecurity');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<SecurityPolicyValues>(
    updateSecurityPolicy,
    securityPolicySchema,
  );
  // After a failed post without JavaScript the box shows what was sent.
  const mfaChecked = state.values ? state.values.requireMfa === 'on' : requireMfa;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
      <FormStatus state={state} />
      <div className="flex items-start gap-3">
        <input
          type="checkbox"
          id="require-mfa"
          defaultChecked={mfaChecked}
          aria-describedby="require-mfa-hint"
          className="mt-0.5 size-4 shrink-0 accent-brand-600"
          {...form.register('requireMfa')}
        />
        <div className="text-sm">
          <label htmlFor="require-mfa" className="font-medium">
            {t('requireMfa')}
          </label>
          <p id="require-mfa-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
            {t('requireMfaHint')} {t('withoutMfa', { count: withoutMfa })}
          </p>
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="session-idle"
          label={t('idle')}
          hint={t('idleHint', { min: IDLE_MINUTES.min, max: IDLE_MINUTES.max })}
          errors={errorsFor('sessionIdleMinutes')}
        >
          <Input
            type="number"
            inputMode="numeric"
            required
            min={IDLE_MINUTES.min}
            max={IDLE_MINUTES.max}
            step={1}
            defaultValue={valueOf('sessionIdleMinutes', String(sessionIdleMinutes))}
            {...form.register('sessionIdleMinutes')}
          />
        </Field>
        <Field
          id="session-lifetime"
          label={t('lifetime')}
          hint={t('lifetimeHint', { min: LIFETIME_HOURS.min, max: LIFETIME_HOURS.max })}
          errors={errorsFor('sessionAbsoluteHours')}
        >
          <Input
            type="number"
            inputMode="numeric"
            required
            min={LIFETIME_HOURS.min}
            max={LIFETIME_HOURS.max}
            step={1}
            defaultValue={valueOf('sessionAbsoluteHours', String(sessionAbsoluteHours))}
            {...form.register('sessionAbsoluteHours')}
          />
        </Field>
      </div>
      <Button type="submit" pending={pending}>
        {t('save')}
      </Button>
    </form>
  );
}
