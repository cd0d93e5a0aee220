'use client';

import { useActionState, useEffect, useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { idle } from '@/lib/actions/result';
import { awayPeriodSchema, type AwayPeriodValues } from '@/lib/availability/schemas';

import { clearAwayPeriod, updateAwayPeriod } from './actions';

const CLEAR_FORM_ID = 'clear-away-period';

/**
 * `awayFrom`/`awayUntil` arrive already as wall-clock values in the user's zone. The Clear button
 * belongs to its own small form (HTML `form` attribute), so it works without JavaScript and
 * never runs the period's validation.
 */
export function AwayForm({ awayFrom, awayUntil, zone }: { awayFrom: string; awayUntil: string; zone: string }) {
  const t = useTranslations('availability');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<AwayPeriodValues>(
    updateAwayPeriod,
    awayPeriodSchema,
  );
  const [clearState, clearAction, clearing] = useActionState(clearAwayPeriod, idle);
  const { register, setValue, clearErrors } = form;

  // After a save or a clear the page re-renders with the stored period; show exactly that.
  useEffect(() => {
    setValue('awayFrom', awayFrom);
    setValue('awayUntil', awayUntil);
    clearErrors();
  }, [awayFrom, awayUntil, setValue, clearErrors]);

  // Both forms answer in one place: whichever the user submitted last.
  const [last, setLast] = useState<'save' | 'clear'>(clearState.status === 'idle' ? 'save' : 'clear');
  const submitPeriod = (event: FormEvent<HTMLFormElement>) => {
    setLast('save');
    onSubmit(event);
  };
  const hasPeriod = Boolean(awayFrom || awayUntil);
  return (
    <>
      <form id={CLEAR_FORM_ID} action={clearAction} hidden />
      <form action={formAction} onSubmit={submitPeriod} noValidate className="space-y-4">
        <FormStatus state={last === 'clear' ? clearState : state} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="awayFrom" label={t('awayFrom')} errors={errorsFor('awayFrom')}>
            <Input type="datetime-local" defaultValue={valueOf('awayFrom', awayFrom)} {...register('awayFrom')} />
          </Field>
          <Field id="awayUntil" label={t('awayUntil')} errors={errorsFor('awayUntil')}>
            <Input type="datetime-local" defaultValue={valueOf('awayUntil', awayUntil)} {...register('awayUntil')} />
          </Field>
        </div>
        <p className="text-xs muted">{t('zoneHint', { zone })}</p>
        <div className="flex flex-wrap gap-3">
          <Button type="submit" pending={pending}>
            {t('saveAway')}
          </Button>
          {hasPeriod ? (
            <Button
              type="submit"
              form={CLEAR_FORM_ID}
              variant="secondary"
              pending={clearing}
              onClick={() => setLast('clear')}
            >
              {t('clearAway')}
            </Button>
          ) : null}
        </div>
      </form>
    </>
  );
}
