'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/input';
import { ANIMATION_OPTIONS, THEME_OPTIONS, type AnimationChoice, type Theme } from '@/lib/preferences/appearance';
import { appearanceSchema, type AppearanceValues } from '@/lib/preferences/general-schemas';

import { updateAppearance } from './actions';

export function AppearanceForm({ theme, animations }: { theme: Theme; animations: AnimationChoice }) {
  const t = useTranslations('general');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<AppearanceValues>(
    updateAppearance,
    appearanceSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="theme" label={t('theme')} hint={t('themeHint')} errors={errorsFor('theme')}>
          <Select required defaultValue={valueOf('theme', theme)} {...form.register('theme')}>
            {THEME_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {t(`themes.${option}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="animations" label={t('animations')} hint={t('animationsHint')} errors={errorsFor('animations')}>
          <Select required defaultValue={valueOf('animations', animations)} {...form.register('animations')}>
            {ANIMATION_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {t(`animationChoices.${option}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Button type="submit" pending={pending}>
        {t('saveAppearance')}
      </Button>
    </form>
  );
}
