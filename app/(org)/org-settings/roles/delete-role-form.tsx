'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { deleteRoleSchema, type DeleteRoleValues } from '@/lib/org/role-schemas';

import { deleteRole } from './actions';

/** A typed confirmation rather than a dialog, so it works the same without JavaScript. */
export function DeleteRoleForm({ roleId, name }: { roleId: string; name: string }) {
  const t = useTranslations('orgRoles');
  const { state, form, pending, formAction, onSubmit, errorsFor } = useActionForm<DeleteRoleValues>(
    deleteRole,
    deleteRoleSchema,
    {
      roleId,
    },
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" value={roleId} {...form.register('roleId')} />
      <Field
        id="confirm-name"
        label={t('confirmName')}
        hint={t('confirmNameHint', { name })}
        errors={errorsFor('confirmName')}
      >
        <Input required autoComplete="off" spellCheck={false} {...form.register('confirmName')} />
      </Field>
      <Button type="submit" variant="danger" pending={pending}>
        {t('deleteRole')}
      </Button>
    </form>
  );
}
