'use client';

import { useEffect } from 'react';
import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/input';
import { statusSchema, type StatusValues } from '@/lib/availability/schemas';
import { AVAILABILITY_OPTIONS, type Availability } from '@/lib/availability/status';

import { updateStatus } from './actions';

export function StatusForm({ availability }: { availability: Availability }) {
  const t = useTranslations('availability');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<StatusValues>(
    updateStatus,
    statusSchema,
  );
  const { setValue } = form;
  // The status can also change from the profile menu while this page is open: show the stored one.
  useEffect(() => {
    setValue('availability', availability);
  }, [availability, setValue]);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field id="availability" label={t('status')} hint={t('statusHint')} errors={errorsFor('availability')}>
        <Select required defaultValue={valueOf('availability', availability)} {...form.register('availability')}>
          {AVAILABILITY_OPTIONS.map((option) => (
            <option key={option} value={option}>
              {t(`options.${option}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" pending={pending}>
        {t('saveStatus')}
      </Button>
    </form>
  );
}
