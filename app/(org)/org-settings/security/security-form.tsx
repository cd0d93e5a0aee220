'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input, Select } from '@/components/ui/input';
import {
  IDLE_MINUTES,
  LIFETIME_HOURS,
  securityPolicySchema,
  type SecurityPolicyValues,
} from '@/lib/org/security-policy-schema';
import { DEFAULT_MFA_GRACE_DAYS, MFA_GRACE_DAYS } from '@/lib/security/mfa-requirement';

import { updateSecurityPolicy } from './actions';

type Props = {
  requireMfa: boolean;
  /** When the requirement is on: the end of its grace period in the viewer's zone, or null when it applies now. */
  requiredFrom: string | null;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  withoutMfa: number;
  /** The admin's own name and address when they have no two-factor themselves. */
  selfWithoutMfa: string | null;
};

export function SecurityPolicyForm({
  requireMfa,
  requiredFrom,
  sessionIdleMinutes,
  sessionAbsoluteHours,
  withoutMfa,
  selfWithoutMfa,
}: Props) {
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
          <p id="require-mfa-hint" className="text-xs muted">
            {t('requireMfaHint')} {t('withoutMfa', { count: withoutMfa })}
          </p>
        </div>
      </div>
      {requireMfa ? (
        <p id="mfa-required-from" className="text-sm text-zinc-700 dark:text-zinc-300">
          {requiredFrom ? t('requiredFrom', { date: requiredFrom }) : t('requiredNow')}
        </p>
      ) : (
        <>
          <Field id="mfa-grace" label={t('graceDays')} hint={t('graceDaysHint')} errors={errorsFor('mfaGraceDays')}>
            <Select
              defaultValue={valueOf('mfaGraceDays', String(DEFAULT_MFA_GRACE_DAYS))}
              {...form.register('mfaGraceDays')}
            >
              {MFA_GRACE_DAYS.map((days) => (
                <option key={days} value={days}>
                  {t('graceOption', { days })}
                </option>
              ))}
            </Select>
          </Field>
          {selfWithoutMfa ? (
            <div
              id="own-mfa-warning"
              className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
            >
              <p>{t('ownMfaWarning', { name: selfWithoutMfa })}</p>
              <div className="flex items-start gap-3">
                <input
                  type="checkbox"
                  id="confirm-own-mfa"
                  defaultChecked={state.values?.confirmOwnMfa === 'on'}
                  aria-invalid={errorsFor('confirmOwnMfa')?.length ? true : undefined}
                  aria-describedby={errorsFor('confirmOwnMfa')?.length ? 'confirm-own-mfa-error' : undefined}
                  className="mt-0.5 size-4 shrink-0 accent-brand-600"
                  {...form.register('confirmOwnMfa')}
                />
                <label htmlFor="confirm-own-mfa" className="font-medium">
                  {t('confirmOwnMfa')}
                </label>
              </div>
              {errorsFor('confirmOwnMfa')?.length ? (
                <p id="confirm-own-mfa-error" className="text-red-700 dark:text-red-300">
                  {errorsFor('confirmOwnMfa')?.[0]}
                </p>
              ) : null}
            </div>
          ) : null}
        </>
      )}
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
