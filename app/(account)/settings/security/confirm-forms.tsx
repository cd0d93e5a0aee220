'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import type { ActionState } from '@/lib/actions/result';
import {
  confirmWithPasswordSchema,
  enableTwoFactorSchema,
  setPinSchema,
  type ConfirmWithPasswordValues,
  type EnableTwoFactorValues,
  type SetPinValues,
} from '@/lib/security/schemas';

import { setPin } from './pin-actions';
import { disableTwoFactor, enableTwoFactor, regenerateCodes } from './two-factor-actions';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

function PasswordConfirmField({
  id,
  recent,
  errors,
  register,
}: {
  id: string;
  recent: boolean;
  errors?: string[];
  register: object;
}) {
  const t = useTranslations('security');
  return (
    <Field
      id={id}
      label={t('password')}
      hint={recent ? t('passwordRecentHint') : t('passwordConfirmHint')}
      errors={errors}
    >
      <Input type="password" required={!recent} autoComplete="current-password" {...register} />
    </Field>
  );
}

export function EnableTwoFactorForm({ recent }: { recent: boolean }) {
  const t = useTranslations('security');
  const { state, form, pending, formAction, onSubmit, errorsFor } = useActionForm<EnableTwoFactorValues>(
    enableTwoFactor,
    enableTwoFactorSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field id="totp-code" label={t('code')} hint={t('codeHint')} errors={errorsFor('code')}>
        <Input required inputMode="numeric" autoComplete="one-time-code" maxLength={7} {...form.register('code')} />
      </Field>
      <PasswordConfirmField
        id="totp-password"
        recent={recent}
        errors={errorsFor('password')}
        register={form.register('password')}
      />
      <Button type="submit" pending={pending}>
        {t('enable')}
      </Button>
    </form>
  );
}

function ConfirmWithPasswordForm({
  id,
  action,
  button,
  variant,
  recent,
}: {
  id: string;
  action: Action;
  button: string;
  variant: 'secondary' | 'danger';
  recent: boolean;
}) {
  const { state, form, pending, formAction, onSubmit, errorsFor } = useActionForm<ConfirmWithPasswordValues>(
    action,
    confirmWithPasswordSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-3">
      <FormStatus state={state} />
      <PasswordConfirmField
        id={id}
        recent={recent}
        errors={errorsFor('password')}
        register={form.register('password')}
      />
      <Button type="submit" variant={variant} pending={pending}>
        {button}
      </Button>
    </form>
  );
}

export function RegenerateCodesForm({ recent }: { recent: boolean }) {
  const t = useTranslations('security');
  return (
    <ConfirmWithPasswordForm
      id="regenerate-password"
      action={regenerateCodes}
      button={t('regenerate')}
      variant="secondary"
      recent={recent}
    />
  );
}

export function DisableTwoFactorForm({ recent }: { recent: boolean }) {
  const t = useTranslations('security');
  return (
    <ConfirmWithPasswordForm
      id="disable-password"
      action={disableTwoFactor}
      button={t('disable')}
      variant="danger"
      recent={recent}
    />
  );
}

export function SetPinForm({ recent }: { recent: boolean }) {
  const t = useTranslations('security');
  const { state, form, pending, formAction, onSubmit, errorsFor } = useActionForm<SetPinValues>(setPin, setPinSchema);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field id="pin" label={t('pin')} hint={t('pinHint')} errors={errorsFor('pin')}>
        <Input
          type="password"
          inputMode="numeric"
          required
          minLength={6}
          maxLength={8}
          autoComplete="off"
          {...form.register('pin')}
        />
      </Field>
      <PasswordConfirmField
        id="pin-password"
        recent={recent}
        errors={errorsFor('password')}
        register={form.register('password')}
      />
      <Button type="submit" pending={pending}>
        {t('savePin')}
      </Button>
    </form>
  );
}
