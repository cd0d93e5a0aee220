'use client';

import { useMemo, type ReactNode } from 'react';
import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { z } from '@/lib/actions/zod';

import { deleteGroup } from './actions';

/**
 * A typed confirmation, so the form needs no JavaScript and a stray click deletes nothing. The
 * group's page, the dialog on the list and its confirmation page all use it; `cancel` goes next
 * to the button.
 */
export function DeleteGroupForm({
  groupId,
  groupName,
  cancel,
}: {
  groupId: string;
  groupName: string;
  cancel?: ReactNode;
}) {
  const t = useTranslations('groups');
  const schema = useMemo(
    () =>
      z.object({
        confirmName: z.string().check(z.refine((v) => v.trim() === groupName, 'groups.errors.confirmName')),
      }),
    [groupName],
  );
  const { state, form, pending, formAction, onSubmit, errorsFor } = useActionForm<{ confirmName: string }>(
    deleteGroup,
    schema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" name="groupId" value={groupId} />
      <Field
        id="delete-confirm-name"
        label={t('confirmName')}
        hint={t('confirmNameHint', { name: groupName })}
        errors={errorsFor('confirmName')}
      >
        <Input required autoComplete="off" spellCheck={false} {...form.register('confirmName')} />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="danger" pending={pending}>
          {t('delete')}
        </Button>
        {cancel}
      </div>
    </form>
  );
}
