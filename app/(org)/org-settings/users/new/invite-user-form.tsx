'use client';

import { useEffect } from 'react';
import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button, buttonClass } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input, Select } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import { inviteUserSchema, NAME_MAX, type InviteUserValues } from '@/lib/org/invite-schema';
import type { ManagedRole } from '@/lib/org/user-schemas';

import { inviteUser } from './actions';

export function InviteUserForm({
  roles,
  allowedDomains,
  backHref,
}: {
  roles: ManagedRole[];
  allowedDomains: string[];
  backHref: string | null;
}) {
  const t = useTranslations('invites.newUser');
  const tRoles = useTranslations('roles');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<InviteUserValues>(
    inviteUser,
    inviteUserSchema,
    { role: 'member' },
  );
  const { register } = form;

  // Stays on this page only when the inviter cannot see the users list: ready for the next person.
  useEffect(() => {
    if (state.status === 'success') form.reset({ email: '', firstName: '', lastName: '', role: 'member' });
  }, [state, form]);

  const emailHint = allowedDomains.length
    ? t('emailHintDomains', { domains: allowedDomains.join(', ') })
    : t('emailHint');
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <Field id="email" label={t('email')} hint={emailHint} errors={errorsFor('email')}>
        <Input
          type="email"
          required
          maxLength={254}
          autoComplete="off"
          spellCheck={false}
          defaultValue={valueOf('email')}
          {...register('email')}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="firstName" label={t('firstName')} errors={errorsFor('firstName')}>
          <Input
            required
            maxLength={NAME_MAX}
            autoComplete="off"
            defaultValue={valueOf('firstName')}
            {...register('firstName')}
          />
        </Field>
        <Field id="lastName" label={t('lastName')} errors={errorsFor('lastName')}>
          <Input
            required
            maxLength={NAME_MAX}
            autoComplete="off"
            defaultValue={valueOf('lastName')}
            {...register('lastName')}
          />
        </Field>
      </div>
      <Field
        id="role"
        label={t('role')}
        hint={roles.length === 1 ? t('roleHintMemberOnly') : t('roleHint')}
        errors={errorsFor('role')}
      >
        <Select required defaultValue={valueOf('role', 'member')} {...register('role')}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {tRoles(`${role}.label`)}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          {t('submit')}
        </Button>
        {backHref ? (
          <Link href={backHref} className={buttonClass('ghost')}>
            {t('cancel')}
          </Link>
        ) : null}
      </div>
    </form>
  );
}
