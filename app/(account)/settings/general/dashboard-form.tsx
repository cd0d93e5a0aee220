'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/input';
import { DASHBOARD_FIELDS, DASHBOARD_OPTIONS, type ResolvedDashboardDefaults } from '@/lib/preferences/dashboard';
import { dashboardDefaultsSchema, type DashboardDefaultsValues } from '@/lib/preferences/general-schemas';

import { updateDashboardDefaults } from './actions';

export function DashboardDefaultsForm({ defaults }: { defaults: ResolvedDashboardDefaults }) {
  const t = useTranslations('general');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<DashboardDefaultsValues>(
    updateDashboardDefaults,
    dashboardDefaultsSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        {DASHBOARD_FIELDS.map((field) => (
          <Field key={field} id={field} label={t(`dashboard.${field}.label`)} errors={errorsFor(field)}>
            <Select required defaultValue={valueOf(field, defaults[field])} {...form.register(field)}>
              {DASHBOARD_OPTIONS[field].map((option) => (
                <option key={option} value={option}>
                  {t(`dashboard.options.${option}`)}
                </option>
              ))}
            </Select>
          </Field>
        ))}
      </div>
      <Button type="submit" pending={pending}>
        {t('saveDashboard')}
      </Button>
    </form>
  );
}
