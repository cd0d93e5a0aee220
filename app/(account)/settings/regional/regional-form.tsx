'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/input';
import type { Locale } from '@/lib/i18n/config';
import { regionalSchema, type RegionalValues } from '@/lib/preferences/regional-schemas';

import { updateRegional } from './actions';
import { TimeZonePicker, useHydrated, type ZoneChoice } from './time-zone-picker';

type Props = {
  locale: Locale;
  timeZone: string;
  languages: Array<{ value: Locale; label: string }>;
  zones: ZoneChoice[];
  /** "It is now … in your time zone", rendered on the server in the saved zone. */
  now: string;
};

export function RegionalForm({ locale, timeZone, languages, zones, now }: Props) {
  const t = useTranslations('regional');
  const tc = useTranslations('common');
  const hydrated = useHydrated();
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<RegionalValues>(
    updateRegional,
    regionalSchema,
    { locale, timeZone },
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
      <FormStatus state={state} />
      <Field id="locale" label={t('language')} hint={t('languageHint')} errors={errorsFor('locale')}>
        <Select required defaultValue={valueOf('locale', locale)} {...form.register('locale')}>
          {languages.map((language) => (
            // Each name in its own language, so a screen reader pronounces it right.
            <option key={language.value} value={language.value} lang={language.value}>
              {language.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id="timeZone"
        label={t('timeZone')}
        hint={
          <>
            {t('timeZoneHint')} {hydrated ? t('timeZoneSearchHint') : null} {now}
          </>
        }
        errors={errorsFor('timeZone')}
      >
        <TimeZonePicker
          name="timeZone"
          options={zones}
          defaultValue={valueOf('timeZone', timeZone)}
          onChange={(value) => form.setValue('timeZone', value, { shouldValidate: form.formState.isSubmitted })}
        />
      </Field>
      <Button type="submit" pending={pending}>
        {tc('saveChanges')}
      </Button>
    </form>
  );
}
